public import AgoraCore
public import AgoraPostgres

extension PostgresRow {
    /// The public user `{id, username}` from its two columns (`u.id AS author_id, u.username AS
    /// author_username`), named whole: a name built per row (`prefix + "_id"`) cost more than
    /// reading the column.
    public func publicUser(id: String, username: String) throws(PostgresError) -> PublicUser {
        PublicUser(id: try value(id), username: try value(username))
    }
}

extension Timestamp {
    /// The RFC 3339 form as JSON (`2026-11-29T10:15:30.123Z`).
    public var json: JSON { .string(rfc3339) }
}
