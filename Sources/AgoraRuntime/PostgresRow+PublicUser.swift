public import AgoraCore
public import AgoraPostgres

extension PostgresRow {
    /// The public user `{id, username}` from two joined columns: the id at `column`, the
    /// username right after it (`..., u.id, u.username, ...`).
    public func publicUser(at column: Int) throws -> JSON {
        PublicUser.json(id: try int(column), username: try string(column + 1))
    }

    /// An RFC 3339 timestamp column as JSON (`2026-11-29T10:15:30.123Z`).
    public func timestampJSON(_ column: Int) throws -> JSON {
        .string(try timestamp(column).rfc3339)
    }
}
