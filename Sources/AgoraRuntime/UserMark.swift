public import AgoraCore
public import AgoraPostgres

/// A per-user mark on a row: a like or a bookmark. The marks live in `table`,
/// one row per (target, `user_id`) under its primary key, so marking twice, or clearing what is
/// not marked, changes nothing and answers 200 with the unchanged state.
///
/// A like's count is a column of the liked row, kept exact by the `agora_count_children`
/// triggers of the migration in the same transaction as the insert or delete (and by cascades
/// that no handler sees); this type only reads it back.
///
/// ```swift
/// static let threadLike = UserMark.like(table: "thread_likes", target: "thread_id", counted: "threads")
/// return try threadLike.set(true, target: threadID, user: caller.id, in: context.db)  // {liked, likes_count}
/// ```
public struct UserMark: Sendable {
    /// The counted row: its table (with an `id` key) and the counter column, and the response key.
    public struct Counter: Sendable {
        public let table: SQL
        public let column: SQL
        public let key: String
    }

    public let table: SQL
    public let targetColumn: SQL
    /// The response key of the state (`liked`, `bookmarked`).
    public let key: String
    public let counter: Counter?

    public init(table: SQL, target: SQL, key: String, counter: Counter? = nil) {
        self.table = table
        self.targetColumn = target
        self.key = key
        self.counter = counter
    }

    /// A like: `{liked, likes_count}`, the count read from `counted.likes_count`.
    public static func like(table: SQL, target: SQL, counted: SQL) -> UserMark {
        UserMark(table: table, target: target, key: "liked",
                 counter: Counter(table: counted, column: "likes_count", key: "likes_count"))
    }

    /// A bookmark: `{bookmarked}`.
    public static func bookmark(table: SQL, target: SQL) -> UserMark {
        UserMark(table: table, target: target, key: "bookmarked")
    }

    /// Sets (`marked`) or clears the user's mark on `target` and answers 200 with the new state
    /// and, for a like, the count as of this change. The target must exist (checked by the caller
    /// for the 404 of a path id).
    public func set(_ marked: Bool, target: Int64, user: Int64, in db: PostgresConnection) throws -> Response {
        let change: SQL = marked
            ? "INSERT INTO \(table) (\(targetColumn), user_id) VALUES (\(target), \(user)) ON CONFLICT DO NOTHING"
            : "DELETE FROM \(table) WHERE \(targetColumn) = \(target) AND user_id = \(user)"
        guard let counter else {
            try db.execute(change)
            return .json([key: .bool(marked)])
        }
        return try db.transaction {
            try db.execute(change)
            let count = try db.found("SELECT \(counter.column) FROM \(counter.table) WHERE id = \(target)").decode(Int64.self)
            return .json([key: .bool(marked), counter.key: .int(count)])
        }
    }

    /// A select-list expression: whether `user` marked the row whose id is the SQL expression
    /// `targetID`. One index probe per listed row, in the same query.
    public func exists(_ targetID: SQL, user: Int64) -> SQL {
        "EXISTS (SELECT 1 FROM \(table) mark WHERE mark.\(targetColumn) = \(targetID) AND mark.user_id = \(user))"
    }

    /// A select-list expression for the caller's mark on the row whose id is `targetID`: the
    /// `exists` probe for a caller, NULL for an anonymous one, whose JSON then leaves the field
    /// out (a per-user field is absent for anonymous callers, not false). Anonymous reads thus
    /// skip the probes, and each kind of caller keeps one SQL text.
    public func state(_ targetID: SQL, caller: Caller?) -> SQL {
        guard let caller else { return "NULL::boolean" }
        return exists(targetID, user: caller.id)
    }
}
