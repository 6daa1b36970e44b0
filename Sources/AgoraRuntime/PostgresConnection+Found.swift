import AgoraCore
public import AgoraPostgres

extension PostgresConnection {
    /// The first row of a lookup by path ids, or 404 `not_found` when there is none.
    ///
    /// `let author = try context.db.found("SELECT author_id FROM threads WHERE id = \(id)").decode(Int64.self)`
    public func found(_ statement: SQL) throws -> PostgresRow {
        try query(statement).first.orNotFound()
    }

    /// The first row of a lookup decoded as `Record`, or 404 `not_found` when there is none.
    public func found<Record: PostgresRecord>(_ statement: SQL, as record: Record.Type) throws -> Record {
        try Record(row: found(statement))
    }
}

extension PostgresConnection {
    /// A write on rows named in the path, which a concurrent request may be deleting: run again
    /// when PostgreSQL picked it as a deadlock's victim (`retryingConflicts`), and 404 when a key
    /// it writes names a row that is gone meanwhile (23503, which would otherwise be a 400 about
    /// the body).
    public func writeUnderPath<T>(_ body: () throws -> T) throws -> T {
        do {
            return try retryingConflicts(body)
        } catch let error as PostgresError where error.isMissingReference {
            throw APIError.notFound
        }
    }
}
