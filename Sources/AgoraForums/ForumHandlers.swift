import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/forums/` and `/api/forums/{id}/`: anyone reads, only admins write. Deleting a forum
/// deletes its threads, their posts, likes and bookmarks (cascades).
enum ForumHandlers {
    static func list(_ request: Request, _ context: Context) throws -> Response {
        try ListQuery(table: "forums", as: "f", select: Forum.columns)
            .page(context.page(request), in: context.db, as: Forum.self) { $0.json }
    }

    static func get(_ request: Request, _ context: Context) throws -> Response {
        let forum = try context.db.found("SELECT \(Forum.columns) FROM forums f WHERE f.id = \(try request.id())",
                                         as: Forum.self)
        return .json(forum.json)
    }

    /// 403 for a non-admin before the body is read.
    static func create(_ request: Request, _ context: Context) throws -> Response {
        try context.requireCaller().requireAdmin()
        let (title, description) = try Forum.body.decode(request)
        let forum = try context.db.found("""
            INSERT INTO forums AS f (title, description) VALUES (\(title), \(description ?? ""))
            RETURNING \(Forum.columns)
            """, as: Forum.self)
        return .json(forum.json, status: 201)
    }

    /// PUT replaces title and description; 404, then 403, then the body.
    static func update(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        try requireAdmin(forum: id, context)
        let (title, description) = try Forum.body.decode(request)
        let forum = try context.db.found("""
            UPDATE forums AS f SET title = \(title), description = \(description ?? "") WHERE f.id = \(id)
            RETURNING \(Forum.columns)
            """, as: Forum.self)
        return .json(forum.json)
    }

    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        try requireAdmin(forum: id, context)
        try context.db.execute("DELETE FROM forums WHERE id = \(id)")
        return .noContent
    }

    /// 404 when the forum does not exist, then 403 unless the caller is an admin.
    static func requireAdmin(forum id: Int64, _ context: Context) throws {
        let caller = try context.requireCaller()
        try Forum.requireExists(id, in: context.db)
        try caller.requireAdmin()
    }
}
