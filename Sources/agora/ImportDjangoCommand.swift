import AgoraCore
import AgoraPostgres
import ArgumentParser

/// `agora users import-django FILE`: imports `manage.py dumpdata auth.user` output, keeping ids
/// when free and the `pbkdf2_sha256` hashes as they are (re-hashed to Argon2id at first login).
struct ImportDjangoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-django", abstract: "Import users from Django's `dumpdata auth.user` JSON.",
        discussion: "Runs as the owner role (MIGRATION_DATABASE_URL, else DATABASE_URL): it moves the users' id sequence.")

    @Argument(help: "The JSON file written by `manage.py dumpdata auth.user`.") var file: String

    func run() throws {
        let bytes = try Posix.readFile(file)
        guard case .array(let records)? = try? JSON.parse(bytes) else { throw ValidationError("\(file) is not a JSON array") }
        // Moving the id sequence past the imported ids is the owner role's (the functions' role
        // may only take values from it).
        let db = try databaseConnection(preferring: "MIGRATION_DATABASE_URL")
        var imported = 0
        var skipped = 0
        try db.transaction {
            for record in records where record["model"]?.stringValue == "auth.user" {
                let username = record["fields"]?["username"]?.stringValue ?? ""
                do {
                    try db.transaction { try Self.importUser(record, into: db) }
                    imported += 1
                } catch {
                    skipped += 1
                    print("skipped \(username.isEmpty ? "a record" : username): \(Self.reason(error))")
                }
            }
            // Explicit ids leave the identity sequence behind; move it past them.
            try db.execute("SELECT setval(pg_get_serial_sequence('users', 'id'), GREATEST((SELECT max(id) FROM users), 1))")
        }
        print("imported \(imported) users, skipped \(skipped)")
    }

    static func importUser(_ record: JSON, into db: PostgresConnection) throws {
        guard let fields = record["fields"], let username = fields["username"]?.stringValue,
            let hash = fields["password"]?.stringValue
        else { throw ValidationError("username or password missing") }
        let email = fields["email"]?.stringValue ?? ""
        guard Validator.isEmail(email) else { throw ValidationError("no valid email address") }
        let isAdmin = fields["is_superuser"]?.boolValue ?? false
        let joined = fields["date_joined"]?.stringValue.flatMap(Timestamp.init) ?? Timestamp.now()
        let lastLogin = fields["last_login"]?.stringValue.flatMap(Timestamp.init)
        let pk = record["pk"]?.intValue
        let free = try pk.map { try db.query("SELECT 1 FROM users WHERE id = \($0)").isEmpty } ?? false
        let rows = try db.query("""
            INSERT INTO users (id, username, email, password_hash, is_admin, date_joined, last_login)
            VALUES (COALESCE(\(free ? pk : nil), nextval(pg_get_serial_sequence('users', 'id'))), \(username), \(email),
                    \(hash), \(isAdmin), \(joined), \(lastLogin)) RETURNING id
            """)
        guard let id = try rows.first?.decode(Int64.self) else { throw ValidationError("not inserted") }
        try db.execute("INSERT INTO profiles (user_id) VALUES (\(id))")
    }

    static func reason(_ error: any Error) -> String {
        CommandFailure(error, explain: UsersCommand.explain).message
    }
}
