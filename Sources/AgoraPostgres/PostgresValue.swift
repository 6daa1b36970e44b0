public import AgoraCore

/// A bind parameter, sent in PostgreSQL's text format; `nil` in a parameter list is SQL NULL.
/// Values interpolated into `SQL` become these.
public enum PostgresValue: Sendable, Equatable {
    /// A text (also for uuid, numeric, enum and citext parameters, which read it).
    case text(String)
    /// A `bigint` (fits smallint and integer parameters too).
    case int(Int64)
    /// A `double precision`.
    case double(Double)
    /// A `boolean`.
    case bool(Bool)
    /// A `bytea` value.
    case bytes([UInt8])
    /// A `json`/`jsonb` value, sent as its serialised text.
    case json(JSON)
    /// A `timestamptz` value.
    case timestamp(Timestamp)
    /// A one-dimensional `text[]`, for `= ANY($1)` and array columns.
    case textArray([String])
    /// A one-dimensional `bigint[]`, for `= ANY($1)` and array columns.
    case intArray([Int64])
}

extension PostgresValue {
    /// An `Int` as a `bigint` parameter.
    public static func int(_ value: Int) -> PostgresValue { .int(Int64(value)) }
    /// An optional text: `nil` becomes NULL.
    public static func text(_ value: String?) -> PostgresValue? { value.map { .text($0) } }
    /// An optional integer: `nil` becomes NULL.
    public static func int(_ value: Int64?) -> PostgresValue? { value.map { .int($0) } }
    /// An optional integer: `nil` becomes NULL.
    public static func int(_ value: Int?) -> PostgresValue? { value.map { .int(Int64($0)) } }
    /// An optional number: `nil` becomes NULL.
    public static func double(_ value: Double?) -> PostgresValue? { value.map { .double($0) } }
    /// An optional boolean: `nil` becomes NULL.
    public static func bool(_ value: Bool?) -> PostgresValue? { value.map { .bool($0) } }
    /// An optional timestamp: `nil` becomes NULL.
    public static func timestamp(_ value: Timestamp?) -> PostgresValue? { value.map { .timestamp($0) } }
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral
{
    /// A text parameter.
    public init(stringLiteral value: String) { self = .text(value) }
    /// A `bigint` parameter.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A boolean parameter.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A `double precision` parameter.
    public init(floatLiteral value: Double) { self = .double(value) }
}
