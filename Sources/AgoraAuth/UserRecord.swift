public import AgoraCore
public import AgoraPostgres

/// A row of `users` with what the private user JSON and login need.
public struct UserRecord: Sendable {
    public let id: Int64
    public let username: String
    public let email: String
    public let passwordHash: String
    public let isAdmin: Bool
    public let dateJoined: Timestamp
    public let lastLogin: Timestamp?

    /// The columns `init(row:offset:)` reads, in order.
    public static let columns = "u.id, u.username, u.email, u.password_hash, u.is_admin, u.date_joined, u.last_login"

    public init(row: PostgresRow, offset: Int = 0) throws {
        id = try row.int(offset)
        username = try row.string(offset + 1)
        email = try row.string(offset + 2)
        passwordHash = try row.string(offset + 3)
        isAdmin = try row.bool(offset + 4)
        dateJoined = try row.timestamp(offset + 5)
        lastLogin = try row.optionalTimestamp(offset + 6)
    }

    /// `{id, username, email, is_admin, date_joined, last_login}`.
    public var privateJSON: JSON {
        UserRecord.privateJSON(id: id, username: username, email: email, isAdmin: isAdmin, dateJoined: dateJoined,
                               lastLogin: lastLogin)
    }

    static func privateJSON(
        id: Int64, username: String, email: String, isAdmin: Bool, dateJoined: Timestamp, lastLogin: Timestamp?
    ) -> JSON {
        [
            "id": .int(id), "username": .string(username), "email": .string(email), "is_admin": .bool(isAdmin),
            "date_joined": .string(dateJoined.rfc3339), "last_login": lastLogin.map { .string($0.rfc3339) } ?? .null,
        ]
    }

    static func find(id: Int64, in db: PostgresConnection) throws -> UserRecord? {
        try db.query("SELECT \(columns) FROM users u WHERE u.id = $1", [.int(id)]).first.map { try UserRecord(row: $0) }
    }
}
