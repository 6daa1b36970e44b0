import AgoraPostgres
import ArgumentParser

/// `agora outbox`: the emails waiting in `email_outbox` (password resets, ...).
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "List the emails waiting to be sent.")

    @Flag(help: "Print the bodies too.") var full = false

    func run() throws {
        let rows = try databaseConnection().query(
            "SELECT id, created_at, recipient, subject, body FROM email_outbox WHERE sent_at IS NULL ORDER BY id", [])
        for row in rows {
            print("\(try row.int(0))\t\(try row.timestamp(1).rfc3339)\t\(try row.string(2))\t\(try row.string(3))")
            if full { print(try row.string(4) + "\n") }
        }
        if rows.isEmpty { print("the outbox is empty") }
    }
}
