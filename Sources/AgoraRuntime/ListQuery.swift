public import AgoraCore
public import AgoraPostgres

/// A cursor-paginated list: by id, newest or oldest first, or, with a search,
/// by relevance then newest. The cursor holds the last row's sort key and the next page starts
/// with a keyset condition on it, so a deep page costs the same index range scan as the first,
/// and rows inserted between two page requests neither repeat nor hide rows.
///
/// The page is cut from the main table alone (filters, order, keyset, `LIMIT`), and only its
/// `limit + 1` rows are then joined to what the response shows (author, counters, the caller's
/// marks). Joining first would let the planner pick a hash or merge join that reads a whole
/// joined table to serve one page; this way every list query costs the index range of its
/// page (plus, for a search, one rank per matching row).
///
/// Filters become separate SQL texts rather than `($1 IS NULL OR ...)`, so that the prepared
/// (and eventually generic) plan of each combination can use its index.
///
/// ```swift
/// var list = ListQuery(table: "blogs", as: "b", select: Blog.columns, joins: Blog.joins)
/// if let author { list.filter("b.author_id = \(author)") }
/// if let words { list.search(words, in: "b.search") }
/// return try list.page(context.page(request), in: context.db, as: Blog.self)   // Blog writes itself
/// ```
public struct ListQuery: Sendable {
    public enum Order: Sendable {
        case newestFirst, oldestFirst
    }

    let table: SQL
    let alias: SQL
    let columns: SQL
    let joins: SQL
    let order: Order
    var filters: [SQL] = []
    var search: (words: String, vector: SQL)?

    /// - Parameters:
    ///   - table: the listed table, whose `id` key (unique, indexed) cuts the pages.
    ///   - alias: its alias in `columns`, `joins`, filters and the search vector.
    ///   - columns: the select list (a record's `columns`); it may carry parameters.
    ///   - joins: joins from the alias to what `columns` reads.
    public init(table: SQL, as alias: SQL, select columns: SQL, joins: SQL = "", order: Order = .newestFirst) {
        self.table = table
        self.alias = alias
        self.columns = columns
        self.joins = joins
        self.order = order
    }

    /// Adds a condition on the listed table, ANDed with the others.
    public mutating func filter(_ condition: SQL) {
        filters.append(condition)
    }

    /// Full-text search with the English configuration over the `tsvector` expression `vector`
    /// (GIN-indexed): every word must match (`plainto_tsquery`); the order becomes relevance
    /// (`ts_rank`), then newest.
    public mutating func search(_ words: String, in vector: SQL) {
        search = (words, vector)
    }

    /// The statement for one page: `page.limit + 1` rows of `columns`, then `page_id` (and
    /// `page_rank` when searching).
    public func statement(_ page: PageRequest) throws -> SQL {
        let id: SQL = "\(alias).id"
        let descending = search != nil || order == .newestFirst
        var sql: SQL = "SELECT \(columns), page.page_id"
        var rank: SQL?
        if let search {
            // The words are bound once per use: text identical for every search keeps one plan.
            let query: SQL = "plainto_tsquery('english', \(search.words))"
            let expression: SQL = "ts_rank(\(search.vector), \(query))::float8"
            sql.append(", page.page_rank FROM (SELECT \(id) AS page_id, \(expression) AS page_rank FROM \(table) \(alias)")
            sql.append(" WHERE \(search.vector) @@ \(query)")
            rank = expression
        } else {
            sql.append(" FROM (SELECT \(id) AS page_id FROM \(table) \(alias) WHERE true")
        }
        for filter in filters { sql.append(" AND (\(filter))") }
        if let rank, let position = try page.positionDouble("rank") {
            sql.append(" AND (\(rank), \(id)) < (\(position), \(try page.positionInt("id")))")
        } else if let position = try page.positionInt("id") {
            sql.append(descending ? " AND \(id) < \(position)" : " AND \(id) > \(position)")
        }
        let pageOrder: SQL = (rank == nil ? "" : "page_rank DESC, ") + (descending ? "page_id DESC" : "page_id")
        // The limit is text, not a parameter, so that the generic plan knows it (see `SQL.literal`).
        sql.append(" ORDER BY \(pageOrder) LIMIT \(SQL.literal(page.limit + 1))) page")
        sql.append(" JOIN \(table) \(alias) ON \(id) = page.page_id \(joins) ORDER BY \(pageOrder)")
        return sql
    }

    /// Runs the page query and answers `{results, next}`, each row decoded as `Record` and
    /// rendered by `render`.
    public func page<Record: PostgresRecord>(_ page: PageRequest, in db: PostgresConnection, as record: Record.Type,
                                            render: (Record) throws -> JSON) throws -> Response {
        try self.page(page, in: db, as: record) { record, out in try render(record).write(into: &out) }
    }

    /// The same, each row written as the record writes itself.
    public func page<Record: PostgresRecord & JSONObjectWritable>(_ page: PageRequest, in db: PostgresConnection,
                                                                 as record: Record.Type) throws -> Response {
        try self.page(page, in: db, as: record) { record, out in record.write(into: &out) }
    }

    func page<Record: PostgresRecord>(_ page: PageRequest, in db: PostgresConnection, as record: Record.Type,
                                      write: (Record, inout [UInt8]) throws -> Void) throws -> Response {
        try response(rows(page, in: db, as: record), page: page, write: write)
    }

    /// One page's rows, decoded, with what the next cursor needs: for a handler that changes
    /// the records before they are written (`response`).
    public struct Rows<Record> {
        public var records: [Record]
        var ids: [Int64]
        var ranks: [Double]?
    }

    /// Runs the page query.
    public func rows<Record: PostgresRecord>(_ page: PageRequest, in db: PostgresConnection,
                                             as record: Record.Type) throws -> Rows<Record> {
        let rows = try db.query(statement(page))
        var result = Rows<Record>(records: [], ids: [], ranks: search == nil ? nil : [])
        result.records.reserveCapacity(rows.count)
        result.ids.reserveCapacity(rows.count)
        for row in rows {
            // The record first, then the page columns after it: reads in select-list order.
            result.records.append(try Record(row: row))
            result.ids.append(try row.value("page_id", as: Int64.self))
            if search != nil { result.ranks?.append(try row.value("page_rank", as: Double.self)) }
        }
        return result
    }

    /// `{results, next}` of rows read by `rows` (the records possibly changed since).
    public func response<Record: JSONObjectWritable>(_ rows: Rows<Record>, page: PageRequest) -> Response {
        response(rows, page: page) { record, out in record.write(into: &out) }
    }

    func response<Record>(_ rows: Rows<Record>, page: PageRequest,
                          write: (Record, inout [UInt8]) throws -> Void) rethrows -> Response {
        // The cursor's position is built for the last row shown only.
        try page.page(Array(rows.records.indices), position: { index in
            var position: [String: JSON] = ["id": .int(rows.ids[index])]
            if let ranks = rows.ranks { position["rank"] = .double(ranks[index]) }
            return position
        }) { index, out in try write(rows.records[index], &out) }
    }
}
