import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/blogs/` create and `/api/blogs/{id}/` read, replace, delete: anyone reads, an
/// authenticated user creates, the author or an admin changes (API.md 4 and 5).
enum BlogHandlers {
    /// Every GET counts a view and shows it: one UPDATE ... RETURNING, which also refreshes
    /// the popularity bound (see 0002_blogs.sql).
    static func get(_ request: Request, _ context: Context) throws -> Response {
        let row = try context.db.found("""
            WITH s AS (
                UPDATE blog_stats SET views = views + 1, hot_bound = blog_hot_score(views + 1, created_at, now())
                WHERE blog_id = $1 RETURNING blog_id, views)
            SELECT \(Blog.columns) FROM s JOIN blogs b ON b.id = s.blog_id JOIN users u ON u.id = b.author_id
            """, [.int(try request.id())])
        return .json(try Blog.json(row))
    }

    static func create(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let fields = try Blog.fields(request)
        // The stats row comes from the insert trigger, after this statement's snapshot: views is 0.
        let row = try context.db.found("""
            WITH b AS (INSERT INTO blogs (author_id, title, content) VALUES ($1, $2, $3) RETURNING \(Blog.returning))
            SELECT b.id, b.title, b.content, b.created_at, b.updated_at, 0::bigint, u.id, u.username
            FROM b JOIN users u ON u.id = b.author_id
            """, [.int(caller.id), .text(fields.title), .text(fields.content)])
        return .json(try Blog.json(row), status: 201)
    }

    /// PUT replaces title and content; 404, then 403, then the body (API.md 12).
    static func update(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        try requireAuthor(of: id, context)
        let fields = try Blog.fields(request)
        let row = try context.db.found("""
            WITH b AS (UPDATE blogs SET title = $2, content = $3, updated_at = now() WHERE id = $1
                       RETURNING \(Blog.returning))
            SELECT \(Blog.columns) FROM b JOIN blog_stats s ON s.blog_id = b.id JOIN users u ON u.id = b.author_id
            """, [.int(id), .text(fields.title), .text(fields.content)])
        return .json(try Blog.json(row))
    }

    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        try requireAuthor(of: id, context)
        try context.db.execute("DELETE FROM blogs WHERE id = $1", [.int(id)])
        return .noContent
    }

    /// 404 when the blog does not exist, 403 unless the caller wrote it or is an admin.
    static func requireAuthor(of id: Int64, _ context: Context) throws {
        let caller = try context.requireCaller()
        let row = try context.db.found("SELECT author_id FROM blogs WHERE id = $1", [.int(id)])
        try caller.requireOwnerOrAdmin(try row.int(0))
    }
}
