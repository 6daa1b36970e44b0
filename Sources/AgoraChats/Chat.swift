import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Chat `{id, title, participants, created_by, created_at, last_message_at, archived}`.
/// `participants` (public users, by id) come from one aggregate in the same query; `archived`
/// is the caller's own participant row.
struct Chat: PostgresRecord {
    /// The select list over `chats c` joined to the caller's participant row as `me`.
    static let columns: SQL = """
        c.id, c.title, c.created_at, c.last_message_at, me.archived, \
        cu.id AS created_by_id, cu.username AS created_by_username, \
        (SELECT json_agg(json_build_object('id', u.id, 'username', u.username) ORDER BY u.id) \
         FROM chat_participants pp JOIN users u ON u.id = pp.user_id WHERE pp.chat_id = c.id) AS participants
        """

    /// The creator and the caller's own participant row (inner: a non-participant gets no row).
    static func joins(caller: Caller) -> SQL {
        "JOIN chat_participants me ON me.chat_id = c.id AND me.user_id = \(caller.id) JOIN users cu ON cu.id = c.created_by"
    }

    /// One chat as the caller (a participant) sees it; nil when there is no such chat or the
    /// caller is not in it.
    static func find(_ id: Int64, caller: Caller, in db: PostgresConnection) throws -> Chat? {
        try db.query("SELECT \(columns) FROM chats c \(joins(caller: caller)) WHERE c.id = \(id)", as: Chat.self).first
    }

    let id: Int64
    let title: String?
    let createdAt: Timestamp
    let lastMessageAt: Timestamp?
    let archived: Bool
    let createdBy: PublicUser
    let participants: JSON

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.value("id")
        title = try row.value("title")
        createdAt = try row.value("created_at")
        lastMessageAt = try row.value("last_message_at")
        archived = try row.value("archived")
        createdBy = try row.publicUser(id: "created_by_id", username: "created_by_username")
        participants = try row.value("participants", as: JSON?.self) ?? []
    }

    var json: JSON {
        ["id": .int(id), "title": title.map(JSON.string) ?? .null, "participants": participants,
         "created_by": createdBy.json, "created_at": createdAt.json, "last_message_at": lastMessageAt?.json ?? .null,
         "archived": .bool(archived)]
    }

    /// The prefix of the chats' real-time channels (`Router.stream`): chat 12 is `chat_12`.
    static let streamChannel = "chat"

    /// The channel of the chat's real-time events.
    static func channel(_ id: Int64) -> String { "\(streamChannel)_\(id)" }

    // MARK: Request fields

    static let maxParticipants = 50

    /// Up to 500 entries, so that duplicates are removed before the 50 are counted.
    static let participants = Field.ids("participants", count: 1...500)
        .describe("The other participants' user ids. Duplicates and the caller's own id are removed first; then, with "
                  + "the caller (added automatically), a chat has 2-50 participants, and every id must be an existing "
                  + "user (else 400 on `participants`).",
                  example: [7, 9])
    static let title = Field.string("title", length: 1...200, trim: true).nullable()
        .describe("1-200 characters, surrounding whitespace trimmed; absent or null for an untitled chat.",
                  example: "Project Atlas")
    static let body = RequestBody(participants, title)

    // MARK: Documentation

    static let example: JSON = [
        "id": 12, "title": "Project Atlas",
        "participants": [["id": 7, "username": "alice"], ["id": 9, "username": "bob"], ["id": 42, "username": "carol"]],
        "created_by": ["id": 42, "username": "carol"], "created_at": "2026-11-29T10:15:30.123Z",
        "last_message_at": "2026-11-29T10:20:02.456Z", "archived": false,
    ]

    static let schema = Schema.object([
        ("id", Schema.id),
        ("title", Schema.nullable(Schema.string(1, 200))),
        ("participants", ["type": "array", "items": Schema.ref("PublicUser"), "minItems": 2, "maxItems": 50,
                          "description": "Every participant, the creator included, by id."]),
        ("created_by", Schema.describe(Schema.ref("PublicUser"), "The user who created the chat.")),
        ("created_at", Schema.timestamp),
        ("last_message_at", Schema.describe(Schema.nullable(Schema.timestamp),
                                            "When the last message was sent; null before the first.")),
        ("archived", ["type": "boolean", "description": "Whether the caller archived the chat (per user)."]),
    ], required: ["id", "title", "participants", "created_by", "created_at", "last_message_at", "archived"],
       example: example)
}
