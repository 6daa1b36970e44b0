import AgoraCore

/// One row of `PostgresRows`, decoded as a typed tuple (`decode`), by exact column name
/// (`value`), or as a `PostgresRecord`; never by a bare column index outside this module.
/// Asking for the wrong type, or a non-optional value from NULL, throws a `.decoding` error
/// (a bug: the API answers 500).
public struct PostgresRow {
    @usableFromInline let rows: PostgresRows
    @usableFromInline let row: Int

    /// The column names, in order.
    public var columns: [String] { rows.columns }

    /// Whether the column is NULL.
    func isNull(_ column: Int) throws(PostgresError) -> Bool {
        try rows.withField(row: row, column: column) { $0 == nil }
    }

    /// A text column (also uuid, numeric, enum... as PostgreSQL spells them), NULL → nil.
    func optionalString(_ column: Int) throws(PostgresError) -> String? {
        try rows.withField(row: row, column: column) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// An integer column (smallint, integer, bigint), NULL → nil.
    func optionalInt(_ column: Int) throws(PostgresError) -> Int64? {
        try decode(column, "an integer", PostgresText.int)
    }

    /// A floating-point or numeric column, NULL → nil.
    func optionalDouble(_ column: Int) throws(PostgresError) -> Double? {
        try decode(column, "a number", PostgresText.double)
    }

    /// A boolean column, NULL → nil.
    func optionalBool(_ column: Int) throws(PostgresError) -> Bool? {
        try decode(column, "a boolean", PostgresText.bool)
    }

    /// A `timestamptz` column (the session is in UTC), NULL → nil.
    func optionalTimestamp(_ column: Int) throws(PostgresError) -> Timestamp? {
        try decode(column, "a timestamp", Timestamp.parse)
    }

    /// A `bytea` column, NULL → nil.
    func optionalBytes(_ column: Int) throws(PostgresError) -> [UInt8]? {
        try decode(column, "bytea in hex format", PostgresText.bytea)
    }

    /// A `json` or `jsonb` column, NULL → nil (a JSON `null` value is `.null`).
    func optionalJSON(_ column: Int) throws(PostgresError) -> JSON? {
        try decode(column, "JSON") { try? JSON.parse(Array($0)) }
    }

    /// A one-dimensional array of texts without NULL elements, NULL → nil.
    func optionalStringArray(_ column: Int) throws(PostgresError) -> [String]? {
        try decode(column, "a one-dimensional array") { PostgresText.array($0) }
    }

    /// A one-dimensional array of integers without NULL elements, NULL → nil.
    func optionalIntArray(_ column: Int) throws(PostgresError) -> [Int64]? {
        try decode(column, "a one-dimensional integer array") { bytes in
            guard let items = PostgresText.array(bytes) else { return nil }
            var numbers: [Int64] = []
            numbers.reserveCapacity(items.count)
            for item in items {
                guard let number = Int64(item) else { return nil }
                numbers.append(number)
            }
            return numbers
        }
    }

    /// A text column that must not be NULL.
    func string(_ column: Int) throws(PostgresError) -> String { try required(column, optionalString(column)) }
    /// An integer column that must not be NULL.
    func int(_ column: Int) throws(PostgresError) -> Int64 { try required(column, optionalInt(column)) }
    /// A numeric column that must not be NULL.
    func double(_ column: Int) throws(PostgresError) -> Double { try required(column, optionalDouble(column)) }
    /// A boolean column that must not be NULL.
    func bool(_ column: Int) throws(PostgresError) -> Bool { try required(column, optionalBool(column)) }
    /// A `timestamptz` column that must not be NULL.
    func timestamp(_ column: Int) throws(PostgresError) -> Timestamp {
        try required(column, optionalTimestamp(column))
    }
    /// A `bytea` column that must not be NULL.
    func bytes(_ column: Int) throws(PostgresError) -> [UInt8] { try required(column, optionalBytes(column)) }
    /// A `json`/`jsonb` column that must not be NULL.
    func json(_ column: Int) throws(PostgresError) -> JSON { try required(column, optionalJSON(column)) }
    /// A text array column that must not be NULL.
    func stringArray(_ column: Int) throws(PostgresError) -> [String] {
        try required(column, optionalStringArray(column))
    }
    /// An integer array column that must not be NULL.
    func intArray(_ column: Int) throws(PostgresError) -> [Int64] {
        try required(column, optionalIntArray(column))
    }

    private func name(_ column: Int) -> String {
        column >= 0 && column < rows.columns.count ? "\(column) (\"\(rows.columns[column])\")" : "\(column)"
    }

    private func required<T>(_ column: Int, _ value: T?) throws(PostgresError) -> T {
        guard let value else { throw .decoding("column \(name(column)) is NULL") }
        return value
    }

    /// The value itself never goes into the message: it may be private (a hash, an email).
    private func decode<T>(
        _ column: Int, _ expected: String, _ parse: (UnsafeBufferPointer<UInt8>) -> T?
    ) throws(PostgresError) -> T? {
        try rows.withField(row: row, column: column) { (bytes) throws(PostgresError) -> T? in
            guard let bytes else { return nil }
            guard let value = parse(bytes) else {
                throw .decoding("column \(name(column)) is not \(expected)")
            }
            return value
        }
    }
}
