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
        let password = try PasswordInput.read(prompt: "Password for \(username): ")
        if let problem = PasswordPolicy.problem(password, username: username, email: email) {
            throw ValidationError(problem)
        }
        let hash = try PasswordHasher.hash(password)
        let db = try databaseConnection()
        let id = try db.transaction { () throws -> Int64 in
            guard let row = try db.query("""
                INSERT INTO users (username, email, password_hash, is_admin)
                VALUES (\(username), \(email), \(hash), true) RETURNING id
                """).first
            else { throw ValidationError("the user was not created") }
            let id = try row.decode(Int64.self)
            try db.execute("INSERT INTO profiles (user_id) VALUES (\(id))")
            return id
        }
        print("created admin \(username) with id \(id)")
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
            throw ValidationError("no password given on stdin")
        }
        return line
    }
}

func writeStderr(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}
