import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// A row of `users` as the private user JSON and login need it: its select list, its decoding
/// by column name, its JSON and its schema, declared together.
struct UserRecord: PostgresRecord {
    /// Reads `users u` (or a CTE or `RETURNING` aliased `u`).
    static let columns: SQL = "u.id, u.username, u.email, u.password_hash, u.is_admin, u.date_joined, u.last_login"

    let id: Int64
    let username: String
    let email: String
    let passwordHash: String
    let isAdmin: Bool
    let dateJoined: Timestamp
    let lastLogin: Timestamp?

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.value("id")
        username = try row.value("username")
        email = try row.value("email")
        passwordHash = try row.value("password_hash")
        isAdmin = try row.value("is_admin")
        dateJoined = try row.value("date_joined")
        lastLogin = try row.value("last_login")
    }

    /// `{id, username, email, is_admin, date_joined, last_login}`.
    var privateUser: PrivateUser {
        PrivateUser(id: id, username: username, email: email, isAdmin: isAdmin, dateJoined: dateJoined,
                    lastLogin: lastLogin)
    }

    static func find(id: Int64, in db: PostgresConnection) throws -> UserRecord? {
        try db.query("SELECT \(columns) FROM users u WHERE u.id = \(id)", as: UserRecord.self).first
    }

    /// The caller's own account as the API shows it.
    struct PrivateUser: JSONObjectWritable {
        let id: Int64
        let username: String
        let email: String
        let isAdmin: Bool
        let dateJoined: Timestamp
        let lastLogin: Timestamp?

        func writeMembers(to object: inout JSONObjectWriter) {
            object.member("date_joined", dateJoined)
            object.member("email", email)
            object.member("id", id)
            object.member("is_admin", isAdmin)
            object.member("last_login", lastLogin)
            object.member("username", username)
        }
    }

    // MARK: Documentation

    static let example: JSON = [
        "id": 42, "username": "alice", "email": "alice@example.com", "is_admin": false,
        "date_joined": "2026-11-29T10:15:30.123Z", "last_login": "2026-11-29T10:15:30.123Z",
    ]

    /// `PrivateUser`: the caller's own account.
    static let schema = Schema.object([
        ("id", Schema.id),
        ("username", AccountFields.usernameSchema),
        ("email", Schema.string(1, 254, format: "email")),
        ("is_admin", ["type": "boolean", "description": "Admins are made with the command-line tool only."]),
        ("date_joined", Schema.timestamp),
        ("last_login", Schema.describe(Schema.nullable(Schema.timestamp), "Set at registration and at every login.")),
    ], description: "The caller's own account.", example: example)
}
