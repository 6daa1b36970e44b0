import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `.../threads/{thread_id}/posts/` and `.../posts/{id}/`: anyone reads, an authenticated user
/// writes, the author or an admin changes. The whole path must be consistent, else 404.
enum PostHandlers {
    /// Oldest first (creation order), cursor-paginated.
    static func list(_ request: Request, _ context: Context) throws -> Response {
        let threadID = try requireThread(request, context)
        let page = try context.page(request)
        var list = ListQuery(table: "posts", as: "p", select: ForumPost.columns(for: context.caller),
                             joins: ForumPost.joins, order: .oldestFirst)
        list.filter("p.thread_id = \(threadID)")
        return try list.page(page, in: context.db, as: ForumPost.self) { $0.json }
    }

    static func get(_ request: Request, _ context: Context) throws -> Response {
        let path = try ForumPost.Path(request)
        let post = try context.db.found("""
            SELECT \(ForumPost.columns(for: context.caller)) FROM posts p \(ForumPost.joins)
            JOIN threads t ON t.id = p.thread_id
            WHERE p.id = \(path.id) AND p.thread_id = \(path.threadID) AND t.forum_id = \(path.forumID)
            """, as: ForumPost.self)
        return .json(post.json)
    }

    /// The caller becomes the author; 404 for a missing thread before the body.
    static func create(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let threadID = try requireThread(request, context)
        let content = try ForumPost.body.decode(request)
        let post = try context.db.found("""
            WITH p AS (INSERT INTO posts (thread_id, author_id, content) VALUES (\(threadID), \(caller.id), \(content))
                       RETURNING *)
            SELECT \(ForumPost.columns(for: caller)) FROM p \(ForumPost.joins)
            """, as: ForumPost.self)
        return .json(post.json, status: 201)
    }

    /// PUT replaces the content; 404, then 403, then the body.
    static func update(_ request: Request, _ context: Context) throws -> Response {
        let path = try ForumPost.Path(request)
        let caller = try context.requireOwner(path.author)
        let content = try ForumPost.body.decode(request)
        let post = try context.db.found("""
            WITH p AS (UPDATE posts SET content = \(content), updated_at = now() WHERE id = \(path.id) RETURNING *)
            SELECT \(ForumPost.columns(for: caller)) FROM p \(ForumPost.joins)
            """, as: ForumPost.self)
        return .json(post.json)
    }

    /// Deletes the post with its likes (cascade).
    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let path = try ForumPost.Path(request)
        try context.requireOwner(path.author)
        try context.db.execute("DELETE FROM posts WHERE id = \(path.id)")
        return .noContent
    }

    /// The thread of the path; 404 unless it is in the forum of the path.
    static func requireThread(_ request: Request, _ context: Context) throws -> Int64 {
        let threadID = try request.id("thread_id")
        let forumID = try request.id("forum_id")
        _ = try context.db.found("SELECT 1 FROM threads WHERE id = \(threadID) AND forum_id = \(forumID)")
        return threadID
    }
}
