import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/chats/{chat_id}/messages/...`: participants read, send and react; the sender or an
/// admin deletes. Every change is published to the chat's stream after it commits.
enum MessageHandlers {
    /// Newest first; with `?after=<id>`, the messages after that id, oldest first (catch-up).
    static func list(_ request: Request, _ context: Context) throws -> Response {
        let chat = try request.id("chat_id")
        let caller = try ChatHandlers.requireParticipant(chat, context)
        let after = try request.query.id("after")
        let page = try context.page(request)
        var list = ListQuery(table: "messages", as: "m", select: Message.columns(for: caller), joins: Message.joins,
                             order: after == nil ? .newestFirst : .oldestFirst)
        list.filter("m.chat_id = \(chat)")
        if let after { list.filter("m.id > \(after)") }
        return try list.page(page, in: context.db, as: Message.self) { $0.json }
    }

    static func get(_ request: Request, _ context: Context) throws -> Response {
        let chat = try request.id("chat_id")
        let caller = try ChatHandlers.requireParticipant(chat, context)
        guard let message = try Message.find(try request.id(), chat: chat, caller: caller, in: context.db) else {
            throw APIError.notFound
        }
        return .json(message.json)
    }

    /// The INSERT and the chat's activity (`last_message_at`, each participant's list order) are
    /// one statement, so one transaction; the participant check is part of it. The event goes
    /// out after it has committed.
    static func create(_ request: Request, _ context: Context) throws -> Response {
        let chat = try request.id("chat_id")
        let caller = try context.requireCaller()
        let content: String
        do {
            content = try Message.body.decode(request)
        } catch {
            // 404 before 400: a non-participant learns nothing about the body rules.
            _ = try ChatHandlers.requireParticipant(chat, context)
            throw error
        }
        // A chat deleted meanwhile: its row is gone (no row) or the insert's key is (23503): 404.
        let sent = try context.db.writeUnderPath { try context.db.query("""
            WITH m AS (INSERT INTO messages (chat_id, sender_id, content) \
                       SELECT \(chat), \(caller.id), \(content) WHERE EXISTS \
                       (SELECT 1 FROM chat_participants WHERE chat_id = \(chat) AND user_id = \(caller.id)) \
                       RETURNING id, chat_id, sender_id, content, created_at), \
            c AS (UPDATE chats SET last_message_at = greatest(chats.last_message_at, m.created_at) FROM m \
                  WHERE chats.id = m.chat_id), \
            p AS (UPDATE chat_participants SET activity_at = greatest(chat_participants.activity_at, m.created_at) \
                  FROM m WHERE chat_participants.chat_id = m.chat_id) \
            SELECT m.id, m.chat_id, m.content, m.created_at, su.id AS sender_id, su.username AS sender_username, \
            '{}'::json AS reactions, '[]'::json AS my_reactions FROM m JOIN users su ON su.id = m.sender_id
            """, as: Message.self).first }
        guard let message = sent else { throw APIError.notFound }
        context.publish("message.created", message.event, to: Chat.channel(chat))
        return .json(message.json, status: 201)
    }

    /// The sender or an admin (an admin need not take part); anyone else who takes part gets
    /// 403, and whoever does not, 404.
    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let chat = try request.id("chat_id")
        let id = try request.id()
        let caller = try context.requireCaller()
        guard let row = try context.db.query("""
            SELECT m.sender_id, EXISTS (SELECT 1 FROM chat_participants p WHERE p.chat_id = m.chat_id \
            AND p.user_id = \(caller.id)) FROM messages m WHERE m.id = \(id) AND m.chat_id = \(chat)
            """).first else { throw APIError.notFound }
        let (sender, participant) = try row.decode((Int64, Bool).self)
        guard participant || caller.isAdmin else { throw APIError.notFound }
        try caller.requireOwnerOrAdmin(sender)
        // The message as it was, reactions included: the statement's snapshot still has them.
        let deleted = try context.db.retryingConflicts {
            try context.db.query("""
                WITH m AS (DELETE FROM messages WHERE id = \(id) AND chat_id = \(chat) RETURNING *) \
                SELECT \(Message.columns) FROM m \(Message.joins)
                """, as: Message.self).first
        }
        if let deleted { context.publish("message.deleted", deleted.event, to: Chat.channel(chat)) }
        return .noContent
    }

    /// `POST .../react/ {emoji}` adds the caller's reaction, `DELETE .../react/?emoji=` removes
    /// it; both are idempotent and answer the message. A change (and only a change) is published.
    static func react(_ add: Bool) -> Route<Context>.Handler {
        { request, context in
            let chat = try request.id("chat_id")
            let id = try request.id()
            let caller = try ChatHandlers.requireParticipant(chat, context)
            guard try !context.db.query("SELECT 1 FROM messages WHERE id = \(id) AND chat_id = \(chat)").isEmpty else {
                throw APIError.notFound
            }
            var changed = false
            if add {
                let emoji = try Message.reactionBody.decode(request)
                changed = try context.db.writeUnderPath {  // the message may be deleted meanwhile
                    try !context.db.query("""
                        INSERT INTO message_reactions (message_id, emoji, user_id) \
                        VALUES (\(id), \(emoji), \(caller.id)) ON CONFLICT DO NOTHING RETURNING 1
                        """).isEmpty
                }
            } else {
                guard let emoji = request.query["emoji"], !emoji.isEmpty else {
                    throw APIError.validation(field: "emoji", "This field is required.")
                }
                guard Emoji.isEmoji(emoji) else { throw APIError.validation(field: "emoji", "Enter exactly one emoji.") }
                changed = try !context.db.query("""
                    DELETE FROM message_reactions WHERE message_id = \(id) AND emoji = \(emoji) AND user_id = \(caller.id) \
                    RETURNING 1
                    """).isEmpty
            }
            guard let message = try Message.find(id, chat: chat, caller: caller, in: context.db) else {
                throw APIError.notFound
            }
            if changed { context.publish("reaction.updated", message.event, to: Chat.channel(chat)) }
            return .json(message.json)
        }
    }
}

extension Message {
    /// The message as every participant's stream carries it: without the per-user `my_reactions`.
    var event: JSON {
        guard case .object(var message) = json else { return json }
        message["my_reactions"] = nil
        return .object(message)
    }
}
