import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/chats/` and `/api/chats/{id}/`: participants only (anyone else gets 404), the creator
/// or an admin deletes; archive is per participant.
enum ChatHandlers {
    /// The caller's chats, most recent activity first; `?archived=true|false` filters. The page
    /// is cut from the caller's participant rows alone (a backward range of the activity index,
    /// see 0008_chats.sql), and only its rows are then joined and rendered: were the select list
    /// computed before the LIMIT, a generic plan would build the participants of every chat of
    /// the caller.
    static func list(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let page = try context.page(request)
        let archived = try request.query.boolean("archived")
        var cut: SQL = "SELECT me.chat_id, me.activity_at FROM chat_participants me WHERE me.user_id = \(caller.id)"
        if let archived { cut.append(" AND me.archived = \(archived)") }
        if let at = try page.positionString("at"), let id = try page.positionInt("id") {
            cut.append(" AND (me.activity_at, me.chat_id) < ((\(at) || 'Z')::timestamptz, \(id))")
        }
        cut.append(" ORDER BY me.activity_at DESC, me.chat_id DESC LIMIT \(SQL.literal(page.limit + 1))")
        let rows = try context.db.query("""
            SELECT \(Chat.columns), \
            to_char(page.activity_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS page_at \
            FROM (\(cut)) page JOIN chats c ON c.id = page.chat_id \(Chat.joins(caller: caller)) \
            ORDER BY page.activity_at DESC, page.chat_id DESC
            """)
        let chats = try rows.map { row in (try Chat(row: row), try row.value("page_at", as: String.self)) }
        return page.page(chats, position: { ["at": .string($0.1), "id": .int($0.0.id)] }) { $0.0.json }
    }

    static func get(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        guard let chat = try Chat.find(try request.id(), caller: caller, in: context.db) else { throw APIError.notFound }
        return .json(chat.json)
    }

    /// The caller plus the de-duplicated participants, every one an existing user.
    static func create(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let (ids, title) = try Chat.body.decode(request)
        var others: [Int64] = []
        for id in ids where id != caller.id && !others.contains(id) { others.append(id) }
        guard !others.isEmpty else {
            throw APIError.validation(field: "participants", "Add at least one other user.")
        }
        guard others.count < Chat.maxParticipants else {  // the caller makes one more
            throw APIError.validation(field: "participants",
                                      "Ensure a chat has at most \(Chat.maxParticipants) participants, you included.")
        }
        let found = try context.db.query("SELECT id FROM users WHERE id = ANY(\(others))").map { try $0.decode(Int64.self) }
        let missing = others.filter { !found.contains($0) }
        guard missing.isEmpty else {
            let list = missing.map(String.init).joined(separator: ", ")
            throw APIError.validation(field: "participants", "No such user: \(list).")
        }
        // A user deleted since the check simply is not added (no foreign-key failure).
        let members = [caller.id] + others
        let id = try context.db.found("""
            WITH c AS (INSERT INTO chats (title, created_by) VALUES (\(title ?? nil), \(caller.id)) \
                       RETURNING id, created_at), \
            p AS (INSERT INTO chat_participants (chat_id, user_id, activity_at) \
                  SELECT c.id, u.id, c.created_at FROM c, users u WHERE u.id = ANY(\(members))) \
            SELECT id FROM c
            """).decode(Int64.self)
        guard let chat = try Chat.find(id, caller: caller, in: context.db) else { throw APIError.notFound }
        return .json(chat.json, status: 201)
    }

    /// The creator or an admin; a non-participant who is no admin gets 404. Deleting closes the
    /// chat's real-time streams.
    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let id = try request.id()
        guard let row = try context.db.query("""
            SELECT c.created_by, EXISTS (SELECT 1 FROM chat_participants p WHERE p.chat_id = c.id AND p.user_id = \(caller.id)) \
            FROM chats c WHERE c.id = \(id)
            """).first else { throw APIError.notFound }
        let (creator, participant) = try row.decode((Int64, Bool).self)
        guard participant || caller.isAdmin else { throw APIError.notFound }
        try caller.requireOwnerOrAdmin(creator)
        try context.db.retryingConflicts { try context.db.execute("DELETE FROM chats WHERE id = \(id)") }
        context.closeChannel(Chat.channel(id))
        return .noContent
    }

    /// `POST` archives, `DELETE` unarchives, for the caller only; 200 with the chat.
    static func archive(_ archived: Bool) -> Route<Context>.Handler {
        { request, context in
            let caller = try context.requireCaller()
            let id = try request.id()
            let updated = try context.db.query("""
                UPDATE chat_participants SET archived = \(archived) WHERE chat_id = \(id) AND user_id = \(caller.id) \
                RETURNING chat_id
                """)
            guard !updated.isEmpty, let chat = try Chat.find(id, caller: caller, in: context.db) else {
                throw APIError.notFound
            }
            return .json(chat.json)
        }
    }

    /// 404 unless the caller takes part in the chat.
    static func requireParticipant(_ chat: Int64, _ context: Context) throws -> Caller {
        let caller = try context.requireCaller()
        let rows = try context.db.query("""
            SELECT 1 FROM chat_participants WHERE chat_id = \(chat) AND user_id = \(caller.id)
            """)
        guard !rows.isEmpty else { throw APIError.notFound }
        return caller
    }
}
