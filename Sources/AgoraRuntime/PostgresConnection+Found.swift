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
