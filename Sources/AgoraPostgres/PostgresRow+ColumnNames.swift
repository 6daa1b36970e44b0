public import AgoraCore

extension PostgresRow {
    /// Whether the column named exactly `column` is NULL.
    public func isNull(_ column: String) throws(PostgresError) -> Bool { try isNull(rows.columnIndex(column)) }
    /// A text column by name, NULL → nil.
    public func optionalString(_ column: String) throws(PostgresError) -> String? {
        try optionalString(rows.columnIndex(column))
    }
    /// An integer column by name, NULL → nil.
    public func optionalInt(_ column: String) throws(PostgresError) -> Int64? { try optionalInt(rows.columnIndex(column)) }
    /// A numeric column by name, NULL → nil.
    public func optionalDouble(_ column: String) throws(PostgresError) -> Double? {
        try optionalDouble(rows.columnIndex(column))
    }
    /// A boolean column by name, NULL → nil.
    public func optionalBool(_ column: String) throws(PostgresError) -> Bool? { try optionalBool(rows.columnIndex(column)) }
    /// A `timestamptz` column by name, NULL → nil.
    public func optionalTimestamp(_ column: String) throws(PostgresError) -> Timestamp? {
        try optionalTimestamp(rows.columnIndex(column))
    }
    /// A `bytea` column by name, NULL → nil.
    public func optionalBytes(_ column: String) throws(PostgresError) -> [UInt8]? {
        try optionalBytes(rows.columnIndex(column))
    }
    /// A `json`/`jsonb` column by name, NULL → nil.
    public func optionalJSON(_ column: String) throws(PostgresError) -> JSON? { try optionalJSON(rows.columnIndex(column)) }
    /// A text array column by name, NULL → nil.
    public func optionalStringArray(_ column: String) throws(PostgresError) -> [String]? {
        try optionalStringArray(rows.columnIndex(column))
    }
    /// An integer array column by name, NULL → nil.
    public func optionalIntArray(_ column: String) throws(PostgresError) -> [Int64]? {
        try optionalIntArray(rows.columnIndex(column))
    }

    /// A text column by name that must not be NULL.
    public func string(_ column: String) throws(PostgresError) -> String { try string(rows.columnIndex(column)) }
    /// An integer column by name that must not be NULL.
    public func int(_ column: String) throws(PostgresError) -> Int64 { try int(rows.columnIndex(column)) }
    /// A numeric column by name that must not be NULL.
    public func double(_ column: String) throws(PostgresError) -> Double { try double(rows.columnIndex(column)) }
    /// A boolean column by name that must not be NULL.
    public func bool(_ column: String) throws(PostgresError) -> Bool { try bool(rows.columnIndex(column)) }
    /// A `timestamptz` column by name that must not be NULL.
    public func timestamp(_ column: String) throws(PostgresError) -> Timestamp { try timestamp(rows.columnIndex(column)) }
    /// A `bytea` column by name that must not be NULL.
    public func bytes(_ column: String) throws(PostgresError) -> [UInt8] { try bytes(rows.columnIndex(column)) }
    /// A `json`/`jsonb` column by name that must not be NULL.
    public func json(_ column: String) throws(PostgresError) -> JSON { try json(rows.columnIndex(column)) }
    /// A text array column by name that must not be NULL.
    public func stringArray(_ column: String) throws(PostgresError) -> [String] {
        try stringArray(rows.columnIndex(column))
    }
    /// An integer array column by name that must not be NULL.
    public func intArray(_ column: String) throws(PostgresError) -> [Int64] { try intArray(rows.columnIndex(column)) }
}
