import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/forums/{forum_id}/threads/` and `.../threads/{id}/`: anyone reads, an authenticated
/// user creates, the author or an admin changes. A thread of another forum is 404 (API.md 4).
enum ThreadHandlers {
    /// Newest first; `?bookmarked=true` keeps the caller's bookmarks (401 without a token,
    /// checked before the forum; any other value is 400, checked after it).
    static func list(_ request: Request, _ context: Context) throws -> Response {
        let forumID = try request.id("forum_id")
        if request.query["bookmarked"] == "true", context.caller == nil { throw APIError.notAuthenticated }
        try Forum.requireExists(forumID, context)
        let bookmarked = try request.query.trueFlag("bookmarked")
        let page = try context.page(request)
        var list = ListQuery(table: "threads", as: "t", select: ForumThread.columns,
                             values: ForumThread.callerValues(context.caller), joins: ForumThread.joins)
        list.filter("t.forum_id = ?", [.int(forumID)])
        if bookmarked, let caller = context.caller {
            list.filter(ForumThread.bookmark.exists("t.id"), [.int(caller.id)])
        }
        return try list.page(page, in: context.db) { try ForumThread.json($0, caller: context.caller) }
    }

    static func get(_ request: Request, _ context: Context) throws -> Response {
        var sql = SQLBuilder("SELECT \(ForumThread.columns)", ForumThread.callerValues(context.caller))
        sql.append(" FROM \(ForumThread.source) WHERE t.id = ? AND t.forum_id = ?",
                   [.int(try request.id()), .int(try request.id("forum_id"))])
        let row = try sql.query(context.db).first.orNotFound()
        return .json(try ForumThread.json(row, caller: context.caller))
    }

    static func create(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let forumID = try request.id("forum_id")
        try Forum.requireExists(forumID, context)
        let fields = try ForumThread.fields(request)
        var sql = SQLBuilder("""
            WITH t AS (INSERT INTO threads (forum_id, author_id, title, content) VALUES (?, ?, ?, ?) RETURNING *)
            """, [.int(forumID), .int(caller.id), .text(fields.title), .text(fields.content)])
        sql.append(" SELECT \(ForumThread.columns)", ForumThread.callerValues(caller))
        sql.append(" FROM t JOIN users u ON u.id = t.author_id")
        let row = try sql.query(context.db).first.orNotFound()
        return .json(try ForumThread.json(row, caller: caller), status: 201)
    }

    /// PUT replaces title and content (the forum stays); 404, then 403, then the body.
    static func update(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let id = try request.id()
        try caller.requireOwnerOrAdmin(try ForumThread.author(id, forum: try request.id("forum_id"), context))
        let fields = try ForumThread.fields(request)
        var sql = SQLBuilder("""
            WITH t AS (UPDATE threads SET title = ?, content = ?, updated_at = now() WHERE id = ? RETURNING *)
            """, [.text(fields.title), .text(fields.content), .int(id)])
        sql.append(" SELECT \(ForumThread.columns)", ForumThread.callerValues(caller))
        sql.append(" FROM t JOIN users u ON u.id = t.author_id")
        let row = try sql.query(context.db).first.orNotFound()
        return .json(try ForumThread.json(row, caller: caller))
    }

    /// Deletes the thread with its posts, likes and bookmarks (cascades).
    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let id = try request.id()
        try caller.requireOwnerOrAdmin(try ForumThread.author(id, forum: try request.id("forum_id"), context))
        try context.db.execute("DELETE FROM threads WHERE id = $1", [.int(id)])
        return .noContent
    }
}
