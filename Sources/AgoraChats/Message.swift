import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Message `{id, chat_id, sender, content, created_at, reactions, my_reactions}`. `reactions`
/// (`{"👍": 2}`, emojis without users omitted) and the caller's `my_reactions` are subqueries of
/// the same statement: a page of messages is one query, never one per message.
struct Message: PostgresRecord {
    static var columns: SQL { columns(for: nil) }

    /// The select list over `messages m` joined to its sender as `su`; `my_reactions` for
    /// `caller` (absent without one: real-time events go to every participant alike).
    static func columns(for caller: Caller?) -> SQL {
        let mine: SQL = if let caller {
            """
            (SELECT coalesce(json_agg(r.emoji ORDER BY r.created_at, r.emoji), '[]') FROM message_reactions r \
             WHERE r.message_id = m.id AND r.user_id = \(caller.id)) AS my_reactions
            """
        } else {
            "NULL::json AS my_reactions"
        }
        return """
            m.id, m.chat_id, m.content, m.created_at, su.id AS sender_id, su.username AS sender_username, \
            (SELECT coalesce(json_object_agg(x.emoji, x.n ORDER BY x.first), '{}') FROM \
             (SELECT r.emoji, count(*) AS n, min(r.created_at) AS first FROM message_reactions r \
              WHERE r.message_id = m.id GROUP BY r.emoji) x) AS reactions, \(mine)
            """
    }

    static let joins: SQL = "JOIN users su ON su.id = m.sender_id"

    /// One message of a chat (nil when it is not there).
    static func find(_ id: Int64, chat: Int64, caller: Caller?, in db: PostgresConnection) throws -> Message? {
        try db.query("""
            SELECT \(columns(for: caller)) FROM messages m \(joins) WHERE m.id = \(id) AND m.chat_id = \(chat)
            """, as: Message.self).first
    }

    let id: Int64
    let chatID: Int64
    let content: String
    let createdAt: Timestamp
    let sender: PublicUser
    let reactions: JSON
    let myReactions: JSON?

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.value("id")
        chatID = try row.value("chat_id")
        content = try row.value("content")
        createdAt = try row.value("created_at")
        sender = try row.publicUser(id: "sender_id", username: "sender_username")
        reactions = try row.value("reactions")
        myReactions = try row.value("my_reactions")
    }

    var json: JSON {
        var message: [String: JSON] = [
            "id": .int(id), "chat_id": .int(chatID), "sender": sender.json, "content": .string(content),
            "created_at": createdAt.json, "reactions": reactions,
        ]
        if let myReactions { message["my_reactions"] = myReactions }
        return .object(message)
    }

    // MARK: Request fields

    static let content = Field.string("content", length: 1...4000)
        .describe("1-4000 characters, kept as sent (whitespace included); NUL is refused.", example: "See you at 10?")
    static let body = RequestBody(content)

    static let emoji = Field.string("emoji", length: 1...Emoji.maxScalars, pattern: "^[^\\u0000]*$") { text in
        Emoji.isEmoji(text) ? nil : "Enter exactly one emoji."
    }.describe("Exactly one emoji (one extended grapheme cluster that renders as an emoji: flags, skin tones, ZWJ "
               + "sequences and keycaps included; a letter or a digit alone is not).", example: "👍")
    static let reactionBody = RequestBody(emoji)

    // MARK: Documentation

    static func example(reactions: JSON = ["👍": 2, "🎉": 1], mine: JSON = ["👍"]) -> JSON {
        ["id": 981, "chat_id": 12, "sender": ["id": 7, "username": "alice"], "content": "See you at 10?",
         "created_at": "2026-11-29T10:20:02.456Z", "reactions": reactions, "my_reactions": mine]
    }

    static let schema = Schema.object([
        ("id", Schema.id),
        ("chat_id", Schema.id),
        ("sender", Schema.describe(Schema.ref("PublicUser"), "The participant who sent it.")),
        ("content", Schema.string(1, 4000)),
        ("created_at", Schema.timestamp),
        ("reactions", ["type": "object", "additionalProperties": ["type": "integer", "minimum": 1] as JSON,
                       "description": .string("How many participants reacted with each emoji, in the order each emoji "
                           + "was first used; emojis nobody uses any more are omitted.")]),
        ("my_reactions", ["type": "array", "items": ["type": "string"] as JSON,
                          "description": .string("The caller's own reactions, in the order added. Absent in real-time "
                              + "events, which every participant receives alike.")]),
    ], required: ["id", "chat_id", "sender", "content", "created_at", "reactions"],
       example: example())
}
