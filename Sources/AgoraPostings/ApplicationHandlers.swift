import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/users/{user_id}/<board>/` and `.../{<singular>_id}/`: a user's applications. That user
/// reads, applies and withdraws; an admin does so for anyone; anyone else gets 403, checked on the
/// path id before any lookup, so that the answer does not reveal which user ids exist.
struct ApplicationHandlers: Sendable {
    let board: PostingBoard

    /// The user's applications, newest first, cursor-paginated.
    func list(_ request: Request, _ context: Context) throws -> Response {
        let userID = try requireUser(request, context, mustExist: true)
        let page = try context.page(request)
        var list = ListQuery(table: board.applications, as: "a", select: Application.columns,
                             joins: Application.joins(board))
        list.filter("a.user_id = \(userID)")
        return try list.page(page, in: context.db, as: Application.self) { $0.json(board, for: context.caller) }
    }

    /// 201 with the application. Applying twice is 409 even when both requests race: the insert
    /// relies on the unique (user, posting) constraint (`ON CONFLICT DO NOTHING`), and only when it
    /// inserted nothing does a second statement tell a missing posting (400) from a duplicate.
    func apply(_ request: Request, _ context: Context) throws -> Response {
        let userID = try requireUser(request, context, mustExist: true)
        let (postingID, coverLetter) = try Application.body(board).decode(request)
        let db = context.db
        // One transaction, so the answer's posting shows the count that this insert's trigger set.
        let application = try db.transaction {
            let inserted = try db.query("""
                INSERT INTO \(board.applications) (user_id, \(board.postingID), cover_letter)
                SELECT \(userID), p.id, \(coverLetter ?? "") FROM \(board.postings) p WHERE p.id = \(postingID)
                ON CONFLICT (user_id, \(board.postingID)) DO NOTHING RETURNING id
                """)
            guard let row = inserted.first else {
                guard try db.query("SELECT 1 FROM \(board.postings) WHERE id = \(postingID)").first != nil else {
                    throw APIError.validation(field: board.postingIDName, "No \(board.singular) has this id.")
                }
                throw APIError.conflict("This user has already applied for this \(board.singular).")
            }
            let id = try row.decode(Int64.self)
            return try db.found("""
                SELECT \(Application.columns) FROM \(board.applications) a \(Application.joins(board)) WHERE a.id = \(id)
                """, as: Application.self)
        }
        return .json(application.json(board, for: context.caller), status: 201)
    }

    /// The user's application for that posting; 404 when they have not applied (or either id does
    /// not exist).
    func get(_ request: Request, _ context: Context) throws -> Response {
        let userID = try requireUser(request, context, mustExist: false)
        let application = try context.db.found("""
            SELECT \(Application.columns) FROM \(board.applications) a \(Application.joins(board))
            WHERE a.user_id = \(userID) AND a.\(board.postingID) = \(try request.id(board.postingIDName))
            """, as: Application.self)
        return .json(application.json(board, for: context.caller))
    }

    /// Withdraws (deletes) the application: 204, or 404 when there is none. Applying again later
    /// makes a new one.
    func withdraw(_ request: Request, _ context: Context) throws -> Response {
        let userID = try requireUser(request, context, mustExist: false)
        let deleted = try context.db.execute("""
            DELETE FROM \(board.applications)
            WHERE user_id = \(userID) AND \(board.postingID) = \(try request.id(board.postingIDName))
            """)
        guard deleted > 0 else { throw APIError.notFound }
        return .noContent
    }

    /// The path's user: 403 unless that is the caller or the caller is an admin, before any
    /// lookup; then, with `mustExist`, 404 when an admin names a user that does not exist (the
    /// caller themselves always exists). Routes whose own lookup is a 404 anyway skip that one.
    func requireUser(_ request: Request, _ context: Context, mustExist: Bool) throws -> Int64 {
        let userID = try request.id("user_id")
        let caller = try context.requireCaller()
        try caller.requireOwnerOrAdmin(userID)
        if mustExist, userID != caller.id {
            _ = try context.db.found("SELECT 1 FROM users WHERE id = \(userID)")
        }
        return userID
    }
}
