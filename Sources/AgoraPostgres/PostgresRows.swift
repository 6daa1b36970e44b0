internal import CLibPQ

/// The rows of one statement, in text format. Owns the libpq result and frees it when the
/// last row referring to it is gone.
public final class PostgresRows: RandomAccessCollection {
    let result: OpaquePointer
    /// The number of rows returned.
    public let count: Int
    /// The column names and where reads by name find them: shared by every result of one
    /// prepared statement (see `ColumnLayout`).
    let layout: ColumnLayout
    /// The column names, in order.
    public var columns: [String] { layout.names }

    /// `layout` is the one a previous result of the same prepared statement had, if any.
    init(result: OpaquePointer, layout: ColumnLayout? = nil) {
        self.result = result
        count = Int(PQntuples(result))
        if let layout, layout.fits(result) {
            self.layout = layout
        } else {
            self.layout = PQnfields(result) == 0 ? .empty : ColumnLayout(result: result)
        }
    }

    deinit {
        PQclear(result)
    }

    /// The first row index.
    public var startIndex: Int { 0 }
    /// One past the last row index.
    public var endIndex: Int { count }

    /// The row at `position` (0-based).
    public subscript(position: Int) -> PostgresRow {
        PostgresRow(rows: self, row: position)
    }

    /// Rows inserted, updated, deleted or selected, as the command tag reports them.
    public var affectedRows: Int {
        PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
    }

    /// The command tag (`INSERT 0 1`, `COMMIT`, `ROLLBACK`, ...).
    public var commandTag: String {
        PQcmdStatus(result).map { String(cString: $0) } ?? ""
    }

    /// Where the next by-name read most likely is: records read their columns in select-list
    /// order, row after row, so comparing one short name beats hashing it for nearly every read.
    private var nextColumn = 0

    /// The index of the column named exactly `name` (no case folding).
    @usableFromInline
    func columnIndex(_ name: String) throws(PostgresError) -> Int {
        let columnCount = layout.names.count
        let guess = nextColumn < columnCount ? nextColumn : 0
        guard let index = layout.index(of: name, guess: guess) else { throw .decoding("no column named \"\(name)\"") }
        nextColumn = index + 1
        return index
    }

    /// Calls `body` with the bytes of one field, or nil for NULL; the bytes live only inside `body`.
    func withField<R>(
        row: Int, column: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws(PostgresError) -> R
    ) throws(PostgresError) -> R {
        guard row >= 0, row < count else { throw .decoding("row \(row) is out of range (\(count) rows)") }
        guard column >= 0, column < layout.names.count else {
            throw .decoding("column \(column) is out of range (\(layout.names.count) columns)")
        }
        if PQgetisnull(result, Int32(row), Int32(column)) != 0 { return try body(nil) }
        let length = Int(PQgetlength(result, Int32(row), Int32(column)))
        guard let value = PQgetvalue(result, Int32(row), Int32(column)) else { return try body(nil) }
        return try UnsafeRawPointer(value).withMemoryRebound(to: UInt8.self, capacity: length) { bytes throws(PostgresError) in
            try body(UnsafeBufferPointer(start: bytes, count: length))
        }
    }
}
