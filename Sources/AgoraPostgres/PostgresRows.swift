internal import CLibPQ

/// The rows of one statement, in text format. Owns the libpq result and frees it when the
/// last row referring to it is gone.
public final class PostgresRows: RandomAccessCollection {
    let result: OpaquePointer
    /// The number of rows returned.
    public let count: Int
    /// The column names, in order.
    public let columns: [String]
    private var columnIndexes: [String: Int] = [:]
    /// Whether each column is the first of its name (the one a read by that name gets).
    private var firstOfName: [Bool] = []

    init(result: OpaquePointer) {
        self.result = result
        count = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var names: [String] = []
        names.reserveCapacity(columnCount)
        for column in 0..<columnCount {
            names.append(PQfname(result, Int32(column)).map { String(cString: $0) } ?? "")
        }
        columns = names
        // The first of two same-named columns wins, as in PQfnumber.
        // One pass: a name seen before is not the first of its name (the first one wins, as in
        // PQfnumber).
        firstOfName.reserveCapacity(columnCount)
        for (index, name) in names.enumerated() {
            let isFirst = columnIndexes[name] == nil
            if isFirst { columnIndexes[name] = index }
            firstOfName.append(isFirst)
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
        let guess = nextColumn < columns.count ? nextColumn : 0
        if guess < columns.count, firstOfName[guess], columns[guess] == name {
            nextColumn = guess + 1
            return guess
        }
        guard let index = columnIndexes[name] else { throw .decoding("no column named \"\(name)\"") }
        nextColumn = index + 1
        return index
    }

    /// Calls `body` with the bytes of one field, or nil for NULL; the bytes live only inside `body`.
    func withField<R>(
        row: Int, column: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws(PostgresError) -> R
    ) throws(PostgresError) -> R {
        guard row >= 0, row < count else { throw .decoding("row \(row) is out of range (\(count) rows)") }
        guard column >= 0, column < columns.count else {
            throw .decoding("column \(column) is out of range (\(columns.count) columns)")
        }
        if PQgetisnull(result, Int32(row), Int32(column)) != 0 { return try body(nil) }
        let length = Int(PQgetlength(result, Int32(row), Int32(column)))
        guard let value = PQgetvalue(result, Int32(row), Int32(column)) else { return try body(nil) }
        return try UnsafeRawPointer(value).withMemoryRebound(to: UInt8.self, capacity: length) { bytes throws(PostgresError) in
            try body(UnsafeBufferPointer(start: bytes, count: length))
        }
    }
}
