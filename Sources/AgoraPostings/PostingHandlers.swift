import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/<board>/` and `/api/<board>/{id}/`: anyone reads and searches, only admins write.
/// Deleting a posting deletes its applications (cascade).
struct PostingHandlers: Sendable {
    let board: PostingBoard

    /// Newest first; `?search=` (English full text over title, description and company, every
    /// word must match, by relevance then newest), `?company=` and `?location=` (exact, ignoring
    /// case), combined with AND; cursor-paginated.
    func list(_ request: Request, _ context: Context) throws -> Response {
        let page = try context.page(request)
        let words = try request.query.searchText("search")
        let company = try request.query.searchText("company")
        let location = try request.query.searchText("location")
        var list = ListQuery(table: board.postings, as: "p", select: Posting.columns)
        // lower() on both sides, so the (lower(company), id) index serves the filter and its order.
        if let company { list.filter("lower(p.company) = lower(\(company))") }
        if let location { list.filter("lower(p.location) = lower(\(location))") }
        if let words { list.search(words, in: "p.search") }
        return try list.page(page, in: context.db, as: Posting.self) { $0.json(for: context.caller) }
    }

    func get(_ request: Request, _ context: Context) throws -> Response {
        let posting = try context.db.found("SELECT \(Posting.columns) FROM \(board.postings) p WHERE p.id = \(try request.id())",
                                           as: Posting.self)
        return .json(posting.json(for: context.caller))
    }

    /// 403 for a non-admin before the body is read.
    func create(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        try caller.requireAdmin()
        let (title, description, company, location) = try Posting.body.decode(request)
        let posting = try context.db.found("""
            INSERT INTO \(board.postings) AS p (title, description, company, location)
            VALUES (\(title), \(description), \(company), \(location)) RETURNING \(Posting.columns)
            """, as: Posting.self)
        return .json(posting.json(for: caller), status: 201)
    }

    /// PUT replaces every writable field (`posted_date` stays); 404, then 403, then the body.
    func update(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        let caller = try requireAdmin(posting: id, context)
        let (title, description, company, location) = try Posting.body.decode(request)
        let posting = try context.db.found("""
            UPDATE \(board.postings) AS p SET title = \(title), description = \(description), company = \(company),
                location = \(location)
            WHERE p.id = \(id) RETURNING \(Posting.columns)
            """, as: Posting.self)
        return .json(posting.json(for: caller))
    }

    /// Deletes the posting with its applications (cascade).
    func delete(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        try requireAdmin(posting: id, context)
        try context.db.execute("DELETE FROM \(board.postings) WHERE id = \(id)")
        return .noContent
    }

    /// 404 when the posting does not exist, then 403 unless the caller is an admin.
    @discardableResult
    func requireAdmin(posting id: Int64, _ context: Context) throws -> Caller {
        let caller = try context.requireCaller()
        _ = try context.db.found("SELECT 1 FROM \(board.postings) WHERE id = \(id)")
        try caller.requireAdmin()
        return caller
    }
}
