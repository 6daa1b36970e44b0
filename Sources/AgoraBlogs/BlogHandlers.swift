import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/blogs/` create and `/api/blogs/{id}/` read, replace, delete: anyone reads, an
/// authenticated user creates, the author or an admin changes.
enum BlogHandlers {
    /// Every GET counts a view and shows it: one UPDATE ... RETURNING, which also refreshes
    /// the popularity bound (see 0002_blogs.sql). A read never waits for a disk flush: that
    /// statement's transaction commits with `synchronous_commit` off (set for it alone, in the
    /// same round trip), so the count is exact once the WAL writer flushes it, a fraction of a
    /// second later; a crash before then may lose those last views, never anything a client was
    /// told was created or changed.
    static func get(_ request: Request, _ context: Context) throws -> Response {
        // HEAD is answered where GET is, but it is no read of the blog: it counts no view.
        if request.method == "HEAD" {
            let blog = try context.db.found("SELECT \(Blog.columns) FROM blogs b \(Blog.joins) WHERE b.id = \(try request.id())",
                                            as: Blog.self)
            return .json(blog)
        }
        let blog = try context.db.found("""
            WITH unflushed AS (SELECT set_config('synchronous_commit', 'off', true) AS setting),
                 s AS (
                UPDATE blog_stats SET views = views + 1, hot_bound = blog_hot_score(views + 1, created_at, now())
                WHERE blog_id = \(try request.id()) AND (SELECT setting FROM unflushed) = 'off'
                RETURNING blog_id, views)
            SELECT \(Blog.columns) FROM s JOIN blogs b ON b.id = s.blog_id JOIN users u ON u.id = b.author_id
            """, as: Blog.self)
        return .json(blog)
    }

    static func create(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let (title, content) = try Blog.body.decode(request)
        // The stats row comes from the insert trigger, after this statement's snapshot: views is 0.
        let blog = try context.db.found("""
            WITH b AS (INSERT INTO blogs (author_id, title, content) VALUES (\(caller.id), \(title), \(content))
                       RETURNING \(Blog.returning)),
                 s AS (SELECT 0::bigint AS views)
            SELECT \(Blog.columns) FROM b CROSS JOIN s JOIN users u ON u.id = b.author_id
            """, as: Blog.self)
        return .json(blog, status: 201)
    }

    /// PUT replaces title and content; 404, then 403, then the body.
    static func update(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        try requireAuthor(of: id, context)
        let (title, content) = try Blog.body.decode(request)
        let blog = try context.db.found("""
            WITH b AS (UPDATE blogs SET title = \(title), content = \(content), updated_at = now() WHERE id = \(id)
                       RETURNING \(Blog.returning))
            SELECT \(Blog.columns) FROM b \(Blog.joins)
            """, as: Blog.self)
        return .json(blog)
    }

    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        try requireAuthor(of: id, context)
        try context.db.execute("DELETE FROM blogs WHERE id = \(id)")
        return .noContent
    }

    /// 404 when the blog does not exist, 403 unless the caller wrote it or is an admin.
    static func requireAuthor(of id: Int64, _ context: Context) throws {
        try context.requireOwner("SELECT author_id FROM blogs WHERE id = \(id)")
    }
}
