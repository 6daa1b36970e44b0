internal import CLibPQ

/// A result's column names and where a read by name finds each, worked out once per prepared
/// statement rather than once per result: a statement's result columns are fixed when it is
/// prepared (PostgreSQL refuses with 0A000, "cached plan must not change result type", rather than
/// return other columns, and the connection then prepares it again with a new layout). Reading
/// the names and hashing them into a dictionary cost more per request than the whole record's
/// decoding; a statement run again now shares its first result's layout.
final class ColumnLayout: Sendable {
    /// The column names, in order.
    let names: [String]
    /// The first column of each name (the one a read by that name gets, as in PQfnumber).
    private let indexes: [String: Int]
    /// Whether each column is the first of its name.
    private let firstOfName: [Bool]

    /// The layout of `result`'s columns.
    init(result: OpaquePointer) {
        let count = Int(PQnfields(result))
        var names: [String] = []
        names.reserveCapacity(count)
        var indexes: [String: Int] = [:]
        indexes.reserveCapacity(count)
        var firstOfName: [Bool] = []
        firstOfName.reserveCapacity(count)
        for column in 0..<count {
            let name = PQfname(result, Int32(column)).map { String(cString: $0) } ?? ""
            let isFirst = indexes[name] == nil
            if isFirst { indexes[name] = column }
            names.append(name)
            firstOfName.append(isFirst)
        }
        self.names = names
        self.indexes = indexes
        self.firstOfName = firstOfName
    }

    /// No columns (a command without RETURNING).
    static let empty = ColumnLayout()

    private init() {
        names = []
        indexes = [:]
        firstOfName = []
    }

    /// Whether this layout can describe `result` (same number of columns): a cheap guard, the
    /// statement's identity being what really ties them.
    func fits(_ result: OpaquePointer) -> Bool {
        Int(PQnfields(result)) == names.count
    }

    /// The index of the column named exactly `name` (no case folding), trying `guess` first:
    /// records read their columns in select-list order, so one comparison of a short name
    /// nearly always replaces hashing it.
    @inline(__always)
    func index(of name: String, guess: Int) -> Int? {
        if guess < names.count, firstOfName[guess], names[guess] == name { return guess }
        return indexes[name]
    }
}
