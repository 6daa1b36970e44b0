import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/videos/` list and `/api/videos/{id}/` read, replace, change, delete: anyone reads, the
/// owner or an admin changes. Creating (JSON or an upload) is `CreateHandler`.
enum VideoHandlers {
    /// Newest first; `?uploaded_by=<id>` keeps one user's videos. `likes_count` is a column and
    /// `liked` one index probe per listed row in the same query (no query per row).
    static func list(_ request: Request, _ context: Context) throws -> Response {
        let owner = try request.query.id("uploaded_by")
        let page = try context.page(request)
        var list = ListQuery(table: "videos", as: "v", select: Video.columns(for: context.caller), joins: Video.joins)
        if let owner { list.filter("v.owner_id = \(owner)") }
        return try list.page(page, in: context.db, as: Video.self) { $0.json }
    }

    static func get(_ request: Request, _ context: Context) throws -> Response {
        let video = try context.db.found("""
            SELECT \(Video.columns(for: context.caller)) FROM videos v \(Video.joins) WHERE v.id = \(try request.id())
            """, as: Video.self)
        return .json(video.json)
    }

    /// PUT replaces title and description (absent description: ""); 404, then 403, then the body.
    static func update(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        let caller = try context.requireOwner(Video.owner(id))
        let (title, description) = try Video.body.decode(request)
        return try save(id, title: title, description: description ?? "", caller, context)
    }

    /// PATCH changes the fields sent (`url` and `file` are ignored).
    static func patch(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        let caller = try context.requireOwner(Video.owner(id))
        let (title, description) = try Video.body.changes(request)
        return try save(id, title: title, description: description ?? nil, caller, context)
    }

    static func save(_ id: Int64, title: String?, description: String?, _ caller: Caller,
                     _ context: Context) throws -> Response {
        let video = try context.db.found("""
            WITH v AS (UPDATE videos SET title = coalesce(\(title), title),
                              description = coalesce(\(description), description), updated_at = now()
                       WHERE id = \(id) RETURNING *)
            SELECT \(Video.columns(for: caller)) FROM v \(Video.joins)
            """, as: Video.self)
        return .json(video.json)
    }

    /// Deletes the row with its comments and likes (cascades), then its file; a file that cannot
    /// be removed now has no row and is left to `agora media gc`.
    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        try context.requireOwner(Video.owner(id))
        let rows = try context.db.retryingConflicts {
            try context.db.query("DELETE FROM videos WHERE id = \(id) RETURNING file_name")
        }
        if let name = try rows.first?.value("file_name", as: String?.self) {
            MediaStore(root: context.config.mediaRoot).remove(name)
        }
        return .noContent
    }
}
