import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraBlogs

/// The blogs function in-process: the pipeline, the handlers and the database, no server.
@Suite(.enabled(if: TestFunction.isAvailable))
struct BlogHandlerTests {
    let blogs: TestFunction

    init() throws { blogs = try TestFunction(BlogsFunction.self) }

    func create(_ user: TestUser, title: String = "A title") throws -> Int64 {
        let response = blogs.send("POST", "/api/blogs/", body: ["title": .string(title), "content": "Body"], as: user)
        try #require(response.status == 201)
        return try #require(response.json["id"]?.intValue)
    }

    @Test func create_TrimsAndReturnsTheBlogWithItsAuthor() throws {
        let alice = try blogs.user("alice")
        let response = blogs.send("POST", "/api/blogs/", body: ["title": "  Trimmed  ", "content": "Body", "views": 99], as: alice)
        #expect(response.status == 201)
        #expect(response.json["title"] == "Trimmed")
        #expect(response.json["views"] == 0)
        #expect(response.json["author"] == ["id": .int(alice.id), "username": .string(alice.username)])
    }

    @Test func create_CollectsEveryFieldError() throws {
        let alice = try blogs.user("alice")
        let response = blogs.send("POST", "/api/blogs/", body: ["title": "   ", "content": 5], as: alice)
        #expect(response.status == 400)
        #expect(response.json["error"]?["fields"] == ["title": "This field may not be blank.", "content": "Not a valid string."])
    }

    @Test func create_WithoutAToken_Is401() {
        let response = blogs.send("POST", "/api/blogs/", body: ["title": "T", "content": "C"])
        #expect(response.status == 401)
        #expect(response.errorCode == "not_authenticated")
    }

    @Test func get_CountsEveryView() throws {
        let id = try create(try blogs.user())
        #expect(blogs.send("GET", "/api/blogs/\(id)/").json["views"] == 1)
        #expect(blogs.send("GET", "/api/blogs/\(id)").json["views"] == 2)
    }

    @Test func head_AnswersLikeGET_ButCountsNoView() throws {
        let id = try create(try blogs.user())
        #expect(blogs.send("HEAD", "/api/blogs/\(id)/").status == 200)
        #expect(blogs.send("GET", "/api/blogs/\(id)/").json["views"] == 1)
    }

    @Test func create_TrimsACRLFPair_AndRefusesABlankOne() throws {
        let alice = try blogs.user("alice")
        #expect(blogs.send("POST", "/api/blogs/", body: ["title": "\r\nTitle\r\n", "content": "C"], as: alice).json["title"] == "Title")
        #expect(blogs.send("POST", "/api/blogs/", body: ["title": "\r\n", "content": " \r\n "], as: alice).status == 400)
    }

    @Test func update_ByAnotherUser_Is403_ButMissingIs404First() throws {
        let id = try create(try blogs.user("author"))
        let other = try blogs.user("other")
        #expect(blogs.send("PUT", "/api/blogs/\(id)/", body: ["title": "X", "content": "Y"], as: other).status == 403)
        #expect(blogs.send("PUT", "/api/blogs/999999999999/", body: [:], as: other).status == 404)
        let admin = try blogs.user("admin", admin: true)
        #expect(blogs.send("PUT", "/api/blogs/\(id)/", body: ["title": "X", "content": "Y"], as: admin).json["title"] == "X")
    }

    @Test func delete_ByTheAuthor_Is204_ThenTheBlogIsGone() throws {
        let author = try blogs.user()
        let id = try create(author)
        #expect(blogs.send("DELETE", "/api/blogs/\(id)/", as: author).status == 204)
        #expect(blogs.send("GET", "/api/blogs/\(id)/").status == 404)
    }

    @Test func list_FiltersByAuthor_AndPagesWithASignedCursor() throws {
        let author = try blogs.user()
        let ids = try (1...3).map { try create(author, title: "Post \($0)") }
        let first = blogs.send("GET", "/api/blogs/", query: "author=\(author.id)&limit=2")
        #expect(first.json["results"]?.arrayValue?.compactMap { $0["id"]?.intValue } == [ids[2], ids[1]])
        let next = try #require(first.json["next"]?.stringValue)
        let query = String(try #require(next.split(separator: "?").last))
        let second = blogs.send("GET", "/api/blogs/", query: query)
        #expect(second.json["results"]?.arrayValue?.compactMap { $0["id"]?.intValue } == [ids[0]])
        #expect(second.json["next"] == .null)
        #expect(blogs.send("GET", "/api/blogs/", query: query.replacingCursorPayload()).status == 400)
    }

    @Test func listEvent_FromAFile_AnswersAPage() throws {
        let event = try JSON.parse(try Posix.readFile(#filePath.siblingPath("../Events/list-blogs.json")))
        let response = try blogs.invoke(event: event)
        #expect(response.status == 200)
        #expect((response.json["results"]?.arrayValue?.count ?? 99) <= 2)
    }

    @Test func search_FindsStemmedWords() throws {
        let author = try blogs.user()
        let word = "zebra\(UInt32.random(in: 0...UInt32.max))"
        _ = try create(author, title: "Running with \(word)s")
        let response = blogs.send("GET", "/api/blogs/", query: "search=\(word)s")
        #expect(response.json["results"]?.arrayValue?.count == 1)
    }
}

extension String {
    /// The path of a file beside this source file.
    func siblingPath(_ name: String) -> String {
        String(split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")) + "/" + name
    }

    /// The query with the cursor's payload edited (its MAC left as it was).
    func replacingCursorPayload() -> String {
        split(separator: "&").map { part in
            part.hasPrefix("cursor=") ? "cursor=eyJpZCI6MX0." + (part.split(separator: ".").last ?? "") : String(part)
        }.joined(separator: "&")
    }
}
