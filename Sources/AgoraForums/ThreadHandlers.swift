import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/forums/{forum_id}/threads/` and `.../threads/{id}/`: anyone reads, an authenticated
/// user creates, the author or an admin changes. A thread of another forum is 404.
enum ThreadHandlers {
    /// Newest first; `?bookmarked=true` keeps the caller's bookmarks (401 without a token,
    /// checked before the forum's 404; any other value is 400, checked after it).
    static func list(_ request: Request, _ context: Context) throws -> Response {
        let forumID = try request.id("forum_id")
        if request.query["bookmarked"] == "true", context.caller == nil { throw APIError.notAuthenticated }
        try Forum.requireExists(forumID, in: context.db)
        let bookmarked = try request.query.trueFlag("bookmarked")
        let page = try context.page(request)
        var list = ListQuery(table: "threads", as: "t", select: ForumThread.columns(for: context.caller),
                             joins: ForumThread.joins)
        list.filter("t.forum_id = \(forumID)")
        if bookmarked, let caller = context.caller {
            list.filter(ForumThread.bookmark.exists("t.id", user: caller.id))
        }
        return try list.page(page, in: context.db, as: ForumThread.self) { $0.json }
    }

    static func get(_ request: Request, _ context: Context) throws -> Response {
        let thread = try context.db.found("""
            SELECT \(ForumThread.columns(for: context.caller)) FROM threads t \(ForumThread.joins)
            WHERE t.id = \(try request.id()) AND t.forum_id = \(try request.id("forum_id"))
            """, as: ForumThread.self)
        return .json(thread.json)
    }

    /// The caller becomes the author; 404 for a missing forum before the body.
    static func create(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let forumID = try request.id("forum_id")
        try Forum.requireExists(forumID, in: context.db)
        let (title, content) = try ForumThread.body.decode(request)
        let thread = try context.db.found("""
            WITH t AS (INSERT INTO threads (forum_id, author_id, title, content)
                       VALUES (\(forumID), \(caller.id), \(title), \(content)) RETURNING *)
            SELECT \(ForumThread.columns(for: caller)) FROM t \(ForumThread.joins)
            """, as: ForumThread.self)
        return .json(thread.json, status: 201)
    }

    /// PUT replaces title and content (the forum stays); 404, then 403, then the body.
    static func update(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        let caller = try context.requireOwner(ForumThread.author(id, forum: try request.id("forum_id")))
        let (title, content) = try ForumThread.body.decode(request)
        let thread = try context.db.found("""
            WITH t AS (UPDATE threads SET title = \(title), content = \(content), updated_at = now()
                       WHERE id = \(id) RETURNING *)
            SELECT \(ForumThread.columns(for: caller)) FROM t \(ForumThread.joins)
            """, as: ForumThread.self)
        return .json(thread.json)
    }

    /// Deletes the thread with its posts, likes and bookmarks (cascades).
    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        try context.requireOwner(ForumThread.author(id, forum: try request.id("forum_id")))
        try context.db.execute("DELETE FROM threads WHERE id = \(id)")
        return .noContent
    }
}
