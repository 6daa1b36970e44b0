public import AgoraCore

/// A Swift value that can be interpolated into `SQL` as a bind parameter.
public protocol PostgresEncodable: Sendable {
    var postgresValue: PostgresValue { get }
}

extension String: PostgresEncodable {
    public var postgresValue: PostgresValue { .text(self) }
}

extension Substring: PostgresEncodable {
    public var postgresValue: PostgresValue { .text(String(self)) }
}

extension Int64: PostgresEncodable {
    public var postgresValue: PostgresValue { .int(self) }
}

extension Int: PostgresEncodable {
    public var postgresValue: PostgresValue { .int(Int64(self)) }
}

extension Int32: PostgresEncodable {
    public var postgresValue: PostgresValue { .int(Int64(self)) }
}

extension Double: PostgresEncodable {
    public var postgresValue: PostgresValue { .double(self) }
}

extension Bool: PostgresEncodable {
    public var postgresValue: PostgresValue { .bool(self) }
}

extension Timestamp: PostgresEncodable {
    public var postgresValue: PostgresValue { .timestamp(self) }
}

extension JSON: PostgresEncodable {
    public var postgresValue: PostgresValue { .json(self) }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public var postgresValue: PostgresValue { Element.arrayValue(self) }
}

/// An element type of a one-dimensional array, as a parameter (`= ANY(\(ids))`) or a column.
public protocol PostgresArrayElement: Sendable {
    static func arrayValue(_ items: [Self]) -> PostgresValue
    static func decodeArray(from row: PostgresRow, column: Int) throws(PostgresError) -> [Self]
}

extension String: PostgresArrayElement {
    public static func arrayValue(_ items: [String]) -> PostgresValue { .textArray(items) }
    public static func decodeArray(from row: PostgresRow, column: Int) throws(PostgresError) -> [String] {
        try row.stringArray(column)
    }
}

extension Int64: PostgresArrayElement {
    public static func arrayValue(_ items: [Int64]) -> PostgresValue { .intArray(items) }
    public static func decodeArray(from row: PostgresRow, column: Int) throws(PostgresError) -> [Int64] {
        try row.intArray(column)
    }
}

extension UInt8: PostgresArrayElement {
    /// `[UInt8]` is a `bytea`, not an array.
    public static func arrayValue(_ items: [UInt8]) -> PostgresValue { .bytes(items) }
    public static func decodeArray(from row: PostgresRow, column: Int) throws(PostgresError) -> [UInt8] {
        try row.bytes(column)
    }
}
