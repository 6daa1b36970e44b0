import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `.../threads/{thread_id}/posts/` and `.../posts/{id}/`: anyone reads, an authenticated user
/// writes, the author or an admin changes. The whole path must be consistent, else 404.
enum PostHandlers {
    /// Oldest first (creation order), cursor-paginated.
    static func list(_ request: Request, _ context: Context) throws -> Response {
        let threadID = try ForumPost.requireThread(request, context)
        let page = try context.page(request)
        var list = ListQuery(table: "posts", as: "p", select: ForumPost.columns, values: [.int(context.caller?.id)],
                             joins: ForumPost.joins, order: .oldestFirst)
        list.filter("p.thread_id = ?", [.int(threadID)])
        return try list.page(page, in: context.db) { try ForumPost.json($0, caller: context.caller) }
    }

    static func get(_ request: Request, _ context: Context) throws -> Response {
        var sql = SQLBuilder("SELECT \(ForumPost.columns)", [.int(context.caller?.id)])
        sql.append(" FROM \(ForumPost.source) JOIN threads t ON t.id = p.thread_id")
        sql.append(" WHERE p.id = ? AND p.thread_id = ? AND t.forum_id = ?",
                   [.int(try request.id()), .int(try request.id("thread_id")), .int(try request.id("forum_id"))])
        let row = try sql.query(context.db).first.orNotFound()
        return .json(try ForumPost.json(row, caller: context.caller))
    }

    static func create(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let threadID = try ForumPost.requireThread(request, context)
        let content = try ForumPost.content(request)
        var sql = SQLBuilder("WITH p AS (INSERT INTO posts (thread_id, author_id, content) VALUES (?, ?, ?) RETURNING *)",
                             [.int(threadID), .int(caller.id), .text(content)])
        sql.append(" SELECT \(ForumPost.columns)", [.int(caller.id)])
        sql.append(" FROM p JOIN users u ON u.id = p.author_id")
        let row = try sql.query(context.db).first.orNotFound()
        return .json(try ForumPost.json(row, caller: caller), status: 201)
    }

    /// PUT replaces the content; 404, then 403, then the body.
    static func update(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        try caller.requireOwnerOrAdmin(try ForumPost.author(request, context))
        let content = try ForumPost.content(request)
        var sql = SQLBuilder("WITH p AS (UPDATE posts SET content = ?, updated_at = now() WHERE id = ? RETURNING *)",
                             [.text(content), .int(try request.id())])
        sql.append(" SELECT \(ForumPost.columns)", [.int(caller.id)])
        sql.append(" FROM p JOIN users u ON u.id = p.author_id")
        let row = try sql.query(context.db).first.orNotFound()
        return .json(try ForumPost.json(row, caller: caller))
    }

    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        try caller.requireOwnerOrAdmin(try ForumPost.author(request, context))
        try context.db.execute("DELETE FROM posts WHERE id = $1", [.int(try request.id())])
        return .noContent
    }
}
