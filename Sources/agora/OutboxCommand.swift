import AgoraCore
import AgoraPostgres
import ArgumentParser

/// `agora outbox`: the emails waiting in `email_outbox` (password resets, ...).
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "List the emails waiting to be sent.")

    @Flag(help: "Print the bodies too.") var full = false

    func run() throws {
        let rows = try databaseConnection().query(
            "SELECT id, created_at, recipient, subject, body FROM email_outbox WHERE sent_at IS NULL ORDER BY id")
        for row in rows {
            let (id, created, recipient, subject, body) = try row.decode((Int64, Timestamp, String, String, String).self)
            print("\(id)\t\(created.rfc3339)\t\(recipient)\t\(subject)")
            if full { print(body + "\n") }
        }
        if rows.isEmpty { print("the outbox is empty") }
    }
}
