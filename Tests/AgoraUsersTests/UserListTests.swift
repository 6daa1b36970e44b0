import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraUsers

/// `GET /api/users/` in-process: newest first, username prefixes, keyset pages.
@Suite(.enabled(if: TestFunction.isAvailable))
struct UserListTests {
    let users: TestFunction

    init() throws { users = try TestFunction(UsersFunction.self) }

    /// A prefix of 12 characters that no other test's usernames start with, in mixed case.
    static func uniquePrefix() -> String {
        "Pf" + String(UInt64.random(in: 0...UInt64.max), radix: 36).prefix(10)
    }

    func ids(_ response: TestResponse) -> [Int64] {
        response.json["results"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? []
    }

    @Test func search_MatchesUsernamePrefixesIgnoringCase_NewestFirst() throws {
        let prefix = Self.uniquePrefix()
        let made = try (0..<3).map { _ in try users.user(prefix) }
        let reader = try users.user("reader")
        let response = users.send("GET", "/api/users/", query: "search=\(prefix.lowercased())", as: reader)
        #expect(response.status == 200)
        #expect(ids(response) == made.map(\.id).sorted(by: >))
        let item = try #require(response.json["results"]?.arrayValue?.first)
        #expect(Set(item.objectValue?.keys.map { $0 } ?? []) == ["id", "username", "profile"])
        #expect(item["profile"]?["user_id"] == item["id"])
        #expect(ids(users.send("GET", "/api/users/", query: "search=\(prefix.dropFirst())", as: reader)) == [])
    }

    @Test func search_TakesLikeMetacharactersLiterally() throws {
        let reader = try users.user("reader")
        let prefix = Self.uniquePrefix()
        _ = try users.user(prefix)
        // `_` would match any one character, `%` anything.
        let wildcard = String(prefix.prefix(2)) + "_" + String(prefix.dropFirst(3))
        #expect(ids(users.send("GET", "/api/users/", query: "search=\(wildcard)", as: reader)) == [])
        #expect(ids(users.send("GET", "/api/users/", query: "search=\(prefix.prefix(4))%25", as: reader)) == [])
    }

    @Test func list_PagesWithoutGaps_RepeatingTheSearch() throws {
        let prefix = Self.uniquePrefix()
        let made = try (0..<5).map { _ in try users.user(prefix) }
        let reader = try users.user("reader")
        var seen: [Int64] = []
        var query = "search=\(prefix)&limit=2"
        var pages = 0
        while true {
            let response = users.send("GET", "/api/users/", query: query, as: reader)
            #expect(response.status == 200)
            seen += ids(response)
            pages += 1
            guard let next = response.json["next"]?.stringValue else { break }
            #expect(next.contains("limit=2") && next.contains("search=\(prefix)"))
            query = String(try #require(next.split(separator: "?", maxSplits: 1).last))
        }
        #expect(seen == made.map(\.id).sorted(by: >))
        #expect(pages == 3)
    }

    @Test func list_RefusesABadLimitCursorOrSearch_AndNeedsAToken() throws {
        let reader = try users.user("reader")
        for (query, field) in [("limit=0", "limit"), ("limit=101", "limit"), ("cursor=abc.def", "cursor"),
                               ("search=ab%00c", "search")] {
            let response = users.send("GET", "/api/users/", query: query, as: reader)
            #expect(response.status == 400)
            #expect(response.json["error"]?["fields"]?[field] != nil, "\(query)")
        }
        #expect(users.send("GET", "/api/users/").errorCode == "not_authenticated")
    }
}
