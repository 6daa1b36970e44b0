import AgoraAuth
import AgoraCore
import AgoraCrypto
import AgoraPostgres
import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// `agora users ...`: administration that never goes through the API.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Create admins and import users from Django.",
        subcommands: [CreateAdminCommand.self, ImportDjangoCommand.self])
}

/// `agora users create-admin --username U --email E`: the password is asked for (or read from
/// stdin when it is not a terminal), never taken from an argument, where `ps` would show it.
struct CreateAdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-admin", abstract: "Create an admin user.")

    @Option(help: "Username (3-30 of A-Z a-z 0-9 _ . -).") var username: String
    @Option(help: "Email address.") var email: String

    func run() throws {
        var fields = Validator(["username": .string(username), "email": .string(email)])
        _ = fields.email("email")
        try fields.finish()
        // Before the password is typed: a database that is down or a name that is taken fails now.
        let db = try databaseConnection()
        let taken = try db.query("""
            SELECT lower(username) = lower(\(username)) FROM users
            WHERE lower(username) = lower(\(username)) OR lower(email) = lower(\(email))
            ORDER BY 1 DESC LIMIT 1
            """)
        if let row = taken.first {
            throw CommandFailure("a user with that \(try row.decode(Bool.self) ? "username" : "email") already exists")
        }
        let password = try PasswordInput.read(prompt: "Password for \(username): ")
        if let problem = PasswordPolicy.problem(password, username: username, email: email) {
            throw CommandFailure(problem)
        }
        let hash = try PasswordHasher.hash(password)
        // The check above can race with another insert: the unique indexes have the last word.
        do {
            let id = try db.transaction { () throws -> Int64 in
                let id = try db.query("""
                    INSERT INTO users (username, email, password_hash, is_admin)
                    VALUES (\(username), \(email), \(hash), true) RETURNING id
                    """).first.orNotFound().decode(Int64.self)
                try db.execute("INSERT INTO profiles (user_id) VALUES (\(id))")
                return id
            }
            print("created admin \(username) with id \(id)")
        } catch {
            throw CommandFailure(error, explain: UsersCommand.explain)
        }
    }
}

extension UsersCommand {
    /// What the `users` table's constraints mean, for `CommandFailure`.
    static func explain(_ error: PostgresError) -> String? {
        switch (error.sqlState, error.constraint) {
        case ("23505"?, "users_username_ci"?): "a user with that username already exists"
        case ("23505"?, "users_email_ci"?): "a user with that email already exists"
        case ("23505"?, _): "a user with that username or email already exists"
        case ("23514"?, _): "username or email not allowed (a username is 3-30 of A-Z a-z 0-9 _ . -)"
        default: nil
        }
    }
}

/// Reads a password from the terminal without echo, or one line of stdin.
enum PasswordInput {
    static func read(prompt: String) throws -> String {
        let interactive = isatty(0) == 1
        var saved = termios()
        if interactive {
            writeStderr(prompt)
            tcgetattr(0, &saved)
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSANOW, &silent)
        }
        defer {
            if interactive {
                tcsetattr(0, TCSANOW, &saved)
                writeStderr("\n")
            }
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CommandFailure("no password given on stdin")
        }
        return line
    }
}

func writeStderr(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}
