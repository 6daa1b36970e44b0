import AgoraPostgres
import AgoraRuntime
import ArgumentParser

/// `agora idempotency ...`: the kept answers of `Idempotency-Key` requests.
struct IdempotencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idempotency", abstract: "Maintain the kept answers of Idempotency-Key requests.",
        subcommands: [IdempotencyPurgeCommand.self])
}

/// `agora idempotency purge`: deletes every expired kept answer (the workers delete a few now
/// and then; this is for a cron job or after a quiet spell).
struct IdempotencyPurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge", abstract: "Delete the kept answers older than 24 hours.")

    func run() throws {
        let db = try databaseConnection()
        var total = 0
        while true {
            let removed = try IdempotencyKeys.purgeExpired(db, limit: 1000)
            total += removed
            if removed == 0 { break }
        }
        print("\(total) expired key\(total == 1 ? "" : "s") removed")
    }
}
