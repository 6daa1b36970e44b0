public import AgoraPostgres

/// SQL text assembled from trusted fragments, every value a bind parameter: each `?` of a
/// fragment becomes the next `$n` and takes the next value of the list given with it.
///
/// Fragments are code, never request text, and have no `?` of their own (write
/// `jsonb_exists(a, b)` rather than the `?` operator). `bind(_:)` reserves a parameter that a
/// fragment may name several times.
///
/// ```swift
/// var sql = SQLBuilder("SELECT id FROM threads WHERE forum_id = ?", [.int(forumID)])
/// if let author { sql.append(" AND author_id = ?", [.int(author)]) }
/// let rows = try sql.query(context.db)
/// ```
public struct SQLBuilder: Sendable {
    public private(set) var sql = ""
    public private(set) var parameters: [PostgresValue?] = []
    /// Set when a fragment's placeholders and values disagree (a bug: the query refuses to run).
    private var mismatch: String?

    public init(_ fragment: String = "", _ values: [PostgresValue?] = []) {
        append(fragment, values)
    }

    /// Appends `fragment`, replacing its `?` placeholders, in order, by `values`.
    public mutating func append(_ fragment: String, _ values: [PostgresValue?] = []) {
        var remaining = values[...]
        for character in fragment {
            guard character == "?" else {
                sql.append(character)
                continue
            }
            guard let value = remaining.popFirst() else {
                mismatch = mismatch ?? "more placeholders than values in: \(fragment)"
                continue
            }
            sql += bind(value)
        }
        if !remaining.isEmpty { mismatch = mismatch ?? "more values than placeholders in: \(fragment)" }
    }

    /// Reserves the next parameter for `value` and returns its placeholder (`$3`).
    public mutating func bind(_ value: PostgresValue?) -> String {
        parameters.append(value)
        return "$\(parameters.count)"
    }

    /// Runs the statement and returns its rows.
    public func query(_ db: PostgresConnection) throws -> PostgresRows {
        if let mismatch { throw SQLBuilderError(description: mismatch) }
        return try db.query(sql, parameters)
    }
}

/// A fragment whose placeholders and values disagree: a programming error, answered with 500.
public struct SQLBuilderError: Error, CustomStringConvertible {
    public let description: String
}
