public import AgoraCore

/// A Swift type one result column decodes to. `Optional` decodes NULL as nil; the others
/// throw a `.decoding` error on NULL (a bug in the query: the API answers 500).
public protocol PostgresDecodable {
    static func decode(from row: PostgresRow, column: Int) throws(PostgresError) -> Self
}

extension String: PostgresDecodable {
    public static func decode(from row: PostgresRow, column: Int) throws(PostgresError) -> String {
        try row.string(column)
    }
}

extension Int64: PostgresDecodable {
    public static func decode(from row: PostgresRow, column: Int) throws(PostgresError) -> Int64 {
        try row.int(column)
    }
}

extension Int: PostgresDecodable {
    public static func decode(from row: PostgresRow, column: Int) throws(PostgresError) -> Int {
        Int(try row.int(column))
    }
}

extension Double: PostgresDecodable {
    public static func decode(from row: PostgresRow, column: Int) throws(PostgresError) -> Double {
        try row.double(column)
    }
}

extension Bool: PostgresDecodable {
    public static func decode(from row: PostgresRow, column: Int) throws(PostgresError) -> Bool {
        try row.bool(column)
    }
}

extension Timestamp: PostgresDecodable {
    public static func decode(from row: PostgresRow, column: Int) throws(PostgresError) -> Timestamp {
        try row.timestamp(column)
    }
}

extension JSON: PostgresDecodable {
    public static func decode(from row: PostgresRow, column: Int) throws(PostgresError) -> JSON {
        try row.json(column)
    }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    public static func decode(from row: PostgresRow, column: Int) throws(PostgresError) -> [Element] {
        try Element.decodeArray(from: row, column: column)
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(from row: PostgresRow, column: Int) throws(PostgresError) -> Wrapped? {
        if try row.isNull(column) { return nil }
        return try Wrapped.decode(from: row, column: column)
    }
}

extension PostgresRow {
    /// The whole row as a typed tuple, column by column: `let (id, title) = try row.decode((Int64, String).self)`.
    /// The row must have exactly as many columns as the tuple has elements. Inlinable, so that a
    /// caller's tuple is specialized rather than walked through runtime metadata on every row.
    @inlinable
    public func decode<each T: PostgresDecodable>(_ types: (repeat each T).Type) throws(PostgresError) -> (repeat each T) {
        var expected = 0
        for _ in repeat (each T).self { expected += 1 }
        guard expected == columns.count else {
            throw .decoding("the row has \(columns.count) columns, the tuple \(expected)")
        }
        var column = 0
        func next<V: PostgresDecodable>(_ type: V.Type) throws(PostgresError) -> V {
            defer { column += 1 }
            return try V.decode(from: self, column: column)
        }
        return (repeat try next((each T).self))
    }

    /// One column, by its exact name: `title: try row.value("title")`. Inlinable, so that the
    /// caller's type is specialized.
    @inlinable
    public func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws(PostgresError) -> T {
        try T.decode(from: self, column: rows.columnIndex(column))
    }
}

/// A type read from a result row by column name, with the select list it reads declared beside
/// its decoding, so the two cannot drift apart in different files (postgres-nio's
/// `PostgresPreparedStatement` keeps its SQL and its row type together the same way).
///
/// ```swift
/// struct BlogRow: PostgresRecord {
///     static let columns: SQL = "b.id, b.title"
///     let id: Int64, title: String
///     init(row: PostgresRow) throws(PostgresError) { id = try row.value("id"); title = try row.value("title") }
/// }
/// let blogs = try db.query("SELECT \(BlogRow.columns) FROM blogs b", as: BlogRow.self)
/// ```
public protocol PostgresRecord {
    /// The select list, each column named (by its own name or an `AS`) as `init(row:)` reads it.
    static var columns: SQL { get }
    init(row: PostgresRow) throws(PostgresError)
}
