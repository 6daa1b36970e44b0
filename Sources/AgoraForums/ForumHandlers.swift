import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/forums/` and `/api/forums/{id}/`: anyone reads, only admins write (API.md 4 and 6).
/// Deleting a forum deletes its threads, their posts, likes and bookmarks (cascades).
enum ForumHandlers {
    static func list(_ request: Request, _ context: Context) throws -> Response {
        let page = try context.page(request)
        return try ListQuery(table: "forums", as: "f", select: Forum.columns)
            .page(page, in: context.db, render: Forum.json)
    }

    static func get(_ request: Request, _ context: Context) throws -> Response {
        let row = try context.db.found("SELECT \(Forum.columns) FROM forums f WHERE f.id = $1", [.int(try request.id())])
        return .json(try Forum.json(row))
    }

    static func create(_ request: Request, _ context: Context) throws -> Response {
        try context.requireCaller().requireAdmin()
        let fields = try Forum.fields(request)
        let row = try context.db.found("""
            INSERT INTO forums AS f (title, description) VALUES ($1, $2) RETURNING \(Forum.columns)
            """, [.text(fields.title), .text(fields.description)])
        return .json(try Forum.json(row), status: 201)
    }

    /// PUT replaces title and description; 404, then 403, then the body (API.md 12).
    static func update(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        try requireAdmin(forum: id, context)
        let fields = try Forum.fields(request)
        let row = try context.db.found("""
            UPDATE forums AS f SET title = $2, description = $3 WHERE f.id = $1 RETURNING \(Forum.columns)
            """, [.int(id), .text(fields.title), .text(fields.description)])
        return .json(try Forum.json(row))
    }

    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        try requireAdmin(forum: id, context)
        try context.db.execute("DELETE FROM forums WHERE id = $1", [.int(id)])
        return .noContent
    }

    static func requireAdmin(forum id: Int64, _ context: Context) throws {
        let caller = try context.requireCaller()
        try Forum.requireExists(id, context)
        try caller.requireAdmin()
    }
}
