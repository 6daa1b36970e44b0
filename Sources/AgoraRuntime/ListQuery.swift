public import AgoraCore
public import AgoraPostgres

/// A cursor-paginated list (API.md 1 and 12): by id, newest or oldest first, or, with a search,
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
/// var list = ListQuery(table: "blogs", as: "b", select: "b.id, b.title, u.username",
///                      joins: "JOIN users u ON u.id = b.author_id")
/// if let author { list.filter("b.author_id = ?", [.int(author)]) }
/// if let words { list.search(words, in: "b.search") }
/// return try list.page(context.page(request), in: context.db) { row in ... }
/// ```
public struct ListQuery: Sendable {
    public enum Order: Sendable {
        case newestFirst, oldestFirst
    }

    let table: String
    let alias: String
    let columns: String
    let values: [PostgresValue?]
    let joins: String
    let order: Order
    var filters: [(sql: String, values: [PostgresValue?])] = []
    var search: (words: String, vector: String)?

    /// - Parameters:
    ///   - table: the listed table, whose `id` key (unique, indexed) cuts the pages.
    ///   - alias: its alias in `columns`, `joins`, filters and the search vector.
    ///   - columns: the select list; the rows given to `render` have these columns first.
    ///   - values: the values of the `?` placeholders of `columns`.
    ///   - joins: joins from the alias to what `columns` reads (no placeholders).
    public init(table: String, as alias: String, select columns: String, values: [PostgresValue?] = [],
                joins: String = "", order: Order = .newestFirst) {
        self.table = table
        self.alias = alias
        self.columns = columns
        self.values = values
        self.joins = joins
        self.order = order
    }

    /// Adds a condition on the listed table (ANDed with the others) with its `?` values.
    public mutating func filter(_ condition: String, _ values: [PostgresValue?] = []) {
        filters.append((condition, values))
    }

    /// Full-text search with the English configuration over the `tsvector` expression `vector`
    /// (GIN-indexed): every word must match (`plainto_tsquery`); the order becomes relevance
    /// (`ts_rank`), then newest.
    public mutating func search(_ words: String, in vector: String) {
        search = (words, vector)
    }

    /// The statement for one page: `page.limit + 1` rows of `columns`, then `page_id` (and
    /// `page_rank` when searching).
    public func statement(_ page: PageRequest) throws -> SQLBuilder {
        let id = "\(alias).id"
        let descending = search != nil || order == .newestFirst
        var sql = SQLBuilder("SELECT \(columns), page.page_id\(search == nil ? "" : ", page.page_rank")", values)
        var rank: String?
        if let search {
            let query = "plainto_tsquery('english', \(sql.bind(.text(search.words))))"
            let expression = "ts_rank(\(search.vector), \(query))::float8"
            sql.append(" FROM (SELECT \(id) AS page_id, \(expression) AS page_rank FROM \(table) \(alias)")
            sql.append(" WHERE \(search.vector) @@ \(query)")
            rank = expression
        } else {
            sql.append(" FROM (SELECT \(id) AS page_id FROM \(table) \(alias) WHERE true")
        }
        for filter in filters { sql.append(" AND (\(filter.sql))", filter.values) }
        if let rank, let position = try page.positionDouble("rank") {
            sql.append(" AND (\(rank), \(id)) < (?, ?)", [.double(position), .int(try page.positionInt("id"))])
        } else if let position = try page.positionInt("id") {
            sql.append(descending ? " AND \(id) < ?" : " AND \(id) > ?", [.int(position)])
        }
        let pageOrder = (rank == nil ? "" : "page_rank DESC, ") + (descending ? "page_id DESC" : "page_id")
        sql.append(" ORDER BY \(pageOrder) LIMIT ?) page", [.int(page.limit + 1)])
        sql.append(" JOIN \(table) \(alias) ON \(id) = page.page_id \(joins) ORDER BY \(pageOrder)")
        return sql
    }

    /// Runs the page query and answers `{results, next}`; `render` reads the select columns.
    public func page(_ page: PageRequest, in db: PostgresConnection,
                     render: (PostgresRow) throws -> JSON) throws -> Response {
        let rows = try statement(page).query(db)
        let keyColumn = rows.columns.count - (search == nil ? 1 : 2)
        var keyed: [(row: PostgresRow, position: [String: JSON])] = []
        keyed.reserveCapacity(rows.count)
        for row in rows {
            var position: [String: JSON] = ["id": .int(try row.int(keyColumn))]
            if search != nil { position["rank"] = .double(try row.double(keyColumn + 1)) }
            keyed.append((row, position))
        }
        return try page.page(keyed, position: \.position) { try render($0.row) }
    }
}
