import AgoraCore
import AgoraPostgres
import ArgumentParser

/// Why a command failed, in the operator's words: `AgoraCommand.main` prints it as the one line
/// `agora: <message>` and exits 1, where ArgumentParser would print the error's type dump
/// (`PostgresError(server, sqlState: 23505, ...)`) followed by the command's usage.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String

    /// The variable the command's database URL came from, for the connection message (a
    /// command-line tool: one thread).
    nonisolated(unsafe) static var databaseURLVariable = "DATABASE_URL"

    init(_ message: String) {
        self.message = message
    }

    /// `error` as one line. A database error is first offered to `explain`, which knows what its
    /// constraints mean for the command; otherwise it says what to do where that is clear.
    init(_ error: any Error, explain: (PostgresError) -> String? = { _ in nil }) {
        switch error {
        case let error as CommandFailure: self = error
        case let error as ValidationError: self.init(error.message)
        case let error as APIError:
            let fields = (error.fields ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            self.init(fields.isEmpty ? error.message : fields.joined(separator: "; "))
        case let error as PostgresError: self.init(explain(error) ?? Self.describe(error))
        default: self.init(String(describing: error))
        }
    }

    /// The messages are libpq's or the server's: they name a host and port, never the URL.
    private static func describe(_ error: PostgresError) -> String {
        switch (error.code, error.sqlState) {
        case (.connectionFailed, _): "cannot connect to the database (\(databaseURLVariable)): \(error.message)"
        case (.connectionClosed, _): "the database connection was lost: \(error.message)"
        case (_, "42P01"?): "the database is not migrated (\(error.message)): run `agora migrate` first"
        case (.migration, _): "migration failed: \(error.message)"
        case (_, "23505"?): "that already exists (\(error.constraint ?? error.message))"
        default: "the database refused it: \(error.message) (SQLSTATE \(error.sqlState ?? "none"))"
        }
    }

    var description: String { message }
}
