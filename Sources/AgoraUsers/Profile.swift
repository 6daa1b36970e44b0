import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// A profile with its user's name, `{user_id, username, bio, profile_picture, social_links,
/// updated_at}`: its select list, its decoding by column name, its JSON and its schema.
struct Profile: PostgresRecord {
    /// Reads `users u` joined to `profiles p`.
    static let columns: SQL = "u.id AS user_id, u.username, p.bio, p.profile_picture, p.social_links, p.updated_at"
    static let joins: SQL = "JOIN profiles p ON p.user_id = u.id"

    let userID: Int64
    let username: String
    let bio: String
    let picture: String?
    let socialLinks: JSON
    let updatedAt: Timestamp

    init(row: PostgresRow) throws(PostgresError) {
        userID = try row.value("user_id")
        username = try row.value("username")
        bio = try row.value("bio")
        picture = try row.value("profile_picture")
        socialLinks = try row.value("social_links")
        updatedAt = try row.value("updated_at")
    }

    var json: JSON {
        [
            "user_id": .int(userID), "username": .string(username), "bio": .string(bio),
            "profile_picture": .string(picture), "social_links": socialLinks, "updated_at": updatedAt.json,
        ]
    }

    // MARK: Documentation

    /// 3-30 of `A-Z a-z 0-9 _ . -`: the rule of the users table's CHECK (and of the auth
    /// function's username field).
    static let usernameSchema = Schema.string(3, 30, pattern: "^[A-Za-z0-9_.-]{3,30}$",
                                              description: "3-30 of `A-Z a-z 0-9 _ . -`, unique ignoring case.")

    static let example: JSON = [
        "user_id": 42, "username": "alice", "bio": "Teaches Swift on weekends.",
        "profile_picture": "https://cdn.example.com/alice.png",
        "social_links": ["github": "https://github.com/alice"], "updated_at": "2026-11-29T10:15:30.123Z",
    ]

    static let schema = Schema.object([
        ("user_id", Schema.id),
        ("username", usernameSchema),
        ("bio", Schema.string(nil, 2000)),
        ("profile_picture", Schema.nullable(Schema.string(1, 500))),
        ("social_links", ["type": "object", "maxProperties": 10, "additionalProperties": Schema.string(1, 500)]),
        ("updated_at", Schema.timestamp),
    ], description: "Created empty at registration: `bio: \"\"`, `profile_picture: null`, `social_links: {}`.",
       example: example)

    /// A user of the list with their profile.
    static let listExample: JSON = ["id": 42, "username": "alice", "profile": example]

    static let listSchema = Schema.object([
        ("id", Schema.id), ("username", usernameSchema), ("profile", Schema.ref("Profile")),
    ], example: listExample)
}
