import AgoraCore
public import AgoraPostgres

extension PostgresConnection {
    /// The first row of a lookup by path ids, or 404 `not_found` when there is none.
    ///
    /// `try context.db.found("SELECT author_id FROM threads WHERE id = $1 AND forum_id = $2", [...])`
    public func found(_ sql: String, _ parameters: [PostgresValue?] = []) throws -> PostgresRow {
        try query(sql, parameters).first.orNotFound()
    }
}
