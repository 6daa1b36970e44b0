import AgoraCore
import AgoraPostgres
import Testing
@testable import AgoraRuntime

/// A test signer (production signs with HMAC-SHA256).
private struct PlainSigner: CursorSigner {
    func mac(_ data: [UInt8]) -> [UInt8] { Array(data.reversed()) + Array(repeating: 7, count: 16) }
    func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool { a == b }
}

/// The SQL of list pages: the page is cut on the listed table alone with a keyset condition,
/// then joined; every value is a bind parameter, numbered in text order.
struct ListQueryTests {
    func page(_ query: String = "", position: [String: JSON]? = nil) throws -> PageRequest {
        var request = Request(method: "GET", path: "/api/blogs/", queryString: query)
        request.route = "/api/blogs/"
        if let position {
            let first = try PageRequest(request, signer: PlainSigner(), defaultLimit: 1)
            let response = first.page([0, 1], position: { _ in position }, render: { .int($0) })
            let next = try #require(try JSON.parse(response.body)["next"]?.stringValue)
            request.queryString = String(next.split(separator: "?")[1])
        }
        return try PageRequest(request, signer: PlainSigner())
    }

    func blogs() -> ListQuery {
        ListQuery(table: "blogs", as: "b", select: "b.title, u.username", joins: "JOIN users u ON u.id = b.author_id")
    }

    @Test func firstPage_NewestFirst_CutsOnTheTableThenJoins() throws {
        let sql = try blogs().statement(page("limit=5"))
        #expect(sql.text == "SELECT b.title, u.username, page.page_id FROM (SELECT b.id AS page_id FROM blogs b "
            + "WHERE true ORDER BY page_id DESC LIMIT 6) page JOIN blogs b ON b.id = page.page_id "
            + "JOIN users u ON u.id = b.author_id ORDER BY page_id DESC")
        #expect(sql.parameters.isEmpty)
    }

    @Test func nextPage_StartsAfterTheCursor_InBothOrders() throws {
        var list = blogs()
        list.filter("b.author_id = \(Int64(3))")
        let newest = try list.statement(page(position: ["id": 40]))
        #expect(newest.text.contains("WHERE true AND (b.author_id = $1) AND b.id < $2 ORDER BY page_id DESC LIMIT 2)"))
        let newestValues: [PostgresValue?] = [.int(3), .int(40)]
        #expect(newest.parameters == newestValues)
        let oldest = try ListQuery(table: "posts", as: "p", select: "p.content", order: .oldestFirst)
            .statement(page(position: ["id": 40]))
        #expect(oldest.text.contains("AND p.id > $1 ORDER BY page_id LIMIT 2)"))
    }

    @Test func search_OrdersByRankThenId_AndItsCursorCarriesBoth() throws {
        var list = ListQuery(table: "blogs", as: "b", select: "b.title, \(Int64(9))::bigint")
        list.search("swift servers", in: "b.search")
        let first = try list.statement(page())
        let words: PostgresValue? = .text("swift servers")
        let firstValues: [PostgresValue?] = [.int(9), words, words]
        #expect(first.parameters == firstValues)
        #expect(first.text.contains("WHERE b.search @@ plainto_tsquery('english', $3)"))
        #expect(first.text.contains("ORDER BY page_rank DESC, page_id DESC LIMIT 21) page"))
        // The next link repeats the first page's limit (1): LIMIT 2.
        let next = try list.statement(page(position: ["id": 12, "rank": .double(0.25)]))
        #expect(next.text.contains("AND (ts_rank(b.search, plainto_tsquery('english', $4))::float8, b.id) < ($5, $6)"))
        let nextValues: [PostgresValue?] = [.int(9), words, words, words, .double(0.25), .int(12)]
        #expect(next.parameters == nextValues)
        // A cursor of the plain list lacks the rank: 400, never a silently different order.
        #expect(throws: APIError.self) { try list.statement(page(position: ["id": 12])) }
    }
}
