import AgoraCore
import AgoraPostgres

/// A profile with its user's name: `{user_id, username, bio, profile_picture, social_links, updated_at}`.
struct Profile {
    let userID: Int64
    let username: String
    let bio: String
    let picture: String?
    let socialLinks: JSON
    let updatedAt: Timestamp

    static let columns = "u.id, u.username, p.bio, p.profile_picture, p.social_links, p.updated_at"

    init(row: PostgresRow) throws {
        userID = try row.int(0)
        username = try row.string(1)
        bio = try row.string(2)
        picture = try row.optionalString(3)
        socialLinks = try row.json(4)
        updatedAt = try row.timestamp(5)
    }

    var json: JSON {
        [
            "user_id": .int(userID), "username": .string(username), "bio": .string(bio),
            "profile_picture": .string(picture), "social_links": socialLinks, "updated_at": .string(updatedAt.rfc3339),
        ]
    }

    static func find(userID: Int64, in db: PostgresConnection) throws -> Profile? {
        try db.query("SELECT \(columns) FROM users u JOIN profiles p ON p.user_id = u.id WHERE u.id = $1",
                     [.int(userID)]).first.map { try Profile(row: $0) }
    }
}
