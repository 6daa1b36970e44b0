public import AgoraCore
public import AgoraPostgres

extension PostgresRow {
    /// The public user `{id, username}` from two columns named `<prefix>_id` and
    /// `<prefix>_username` (`u.id AS author_id, u.username AS author_username`).
    public func publicUser(_ prefix: String) throws(PostgresError) -> JSON {
        PublicUser.json(id: try value(prefix + "_id"), username: try value(prefix + "_username"))
    }
}

extension Timestamp {
    /// The RFC 3339 form as JSON (`2026-11-29T10:15:30.123Z`).
    public var json: JSON { .string(rfc3339) }
}
