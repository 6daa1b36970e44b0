import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraForums

/// Threads in-process: anyone reads, a user creates, the author or an admin changes; a thread of
/// another forum is 404 on every route under it.
@Suite(.enabled(if: TestFunction.isAvailable))
struct ThreadHandlerTests {
    let fixture: ForumsFixture

    init() throws { fixture = try ForumsFixture() }

    static let keys: Set<String> = ["id", "forum_id", "title", "content", "author", "created_at", "updated_at",
                                    "posts_count", "likes_count"]

    @Test func create_ReturnsTheThreadWithTheCallersState_AnonymousReadsItWithout() throws {
        let forum = try fixture.forum()
        let user = try fixture.user()
        let response = fixture.send("POST", "/api/forums/\(forum)/threads/",
                                    body: ["title": "  Hello  ", "content": "First!", "forum_id": 1, "likes_count": 5],
                                    as: user)
        #expect(response.status == 201)
        let thread = response.json
        #expect(thread.keys == Self.keys.union(["liked", "bookmarked"]))
        #expect(thread["forum_id"] == .int(forum))
        #expect(thread["title"] == "Hello")
        #expect(thread["author"] == ["id": .int(user.id), "username": .string(user.username)])
        #expect(thread["likes_count"] == 0 && thread["posts_count"] == 0)
        #expect(thread["liked"] == false && thread["bookmarked"] == false)
        let anonymous = fixture.send("GET", try fixture.path(thread)).json
        #expect(anonymous.keys == Self.keys)
        #expect(fixture.send("GET", try fixture.path(thread), as: user).json == thread)
        #expect(fixture.send("GET", "/api/forums/\(forum)/").json["threads_count"] == 1)
        #expect(fixture.send("POST", "/api/forums/\(forum)/threads/", body: ["title": "t", "content": "c"]).status == 401)
    }

    /// Bodies and the field messages they get.
    static let invalidBodies: [(JSON, JSON)] = [
        ([:], ["title": "This field is required.", "content": "This field is required."]),
        (["title": "t"], ["content": "This field is required."]),
        (["title": "", "content": "c"], ["title": "This field may not be blank."]),
        (["title": "t", "content": .string(String(repeating: "x", count: 50_001))],
         ["content": "Ensure this field has no more than 50000 characters."]),
        (["title": "t", "content": 1], ["content": "Not a valid string."]),
    ]

    @Test(arguments: invalidBodies)
    func create_ValidatesEveryField(body: JSON, fields: JSON) throws {
        let forum = try fixture.forum()
        let response = fixture.send("POST", "/api/forums/\(forum)/threads/", body: body, as: try fixture.user())
        #expect(response.status == 400)
        #expect(response.fields == fields)
    }

    @Test func update_AndDelete_TheAuthorOrAnAdmin_403BeforeTheBody() throws {
        let forum = try fixture.forum()
        let author = try fixture.user("author")
        let other = try fixture.user("other")
        let thread = try fixture.thread(in: forum, by: author)
        let path = try fixture.path(thread)
        #expect(fixture.send("PUT", path, body: ["title": "t", "content": "c"]).errorCode == "not_authenticated")
        #expect(fixture.send("PUT", path, body: [:], as: other).errorCode == "forbidden")
        #expect(fixture.send("DELETE", path, as: other).errorCode == "forbidden")
        #expect(fixture.send("PUT", path, body: ["title": "Only"], as: author).fields == ["content": "This field is required."])
        let updated = fixture.send("PUT", path, body: ["title": "After", "content": "New", "forum_id": 12345], as: author)
        #expect(updated.json["title"] == "After" && updated.json["content"] == "New")
        #expect(updated.json["forum_id"] == .int(forum))
        #expect(updated.json["updated_at"]?.stringValue ?? "" > thread["updated_at"]?.stringValue ?? "~")
        let byAdmin = fixture.send("PUT", path, body: ["title": "By admin", "content": "x"], as: fixture.admin)
        #expect(byAdmin.json["author"] == thread["author"])
        #expect(fixture.send("DELETE", path, as: fixture.admin).status == 204)
        #expect(fixture.send("GET", path).errorCode == "not_found")
        #expect(fixture.send("GET", "/api/forums/\(forum)/").json["threads_count"] == 0)
    }

    @Test func aThreadOfAnotherForum_Is404_OnEveryRouteUnderIt() throws {
        let forum = try fixture.forum()
        let other = try fixture.forum("Other")
        let user = try fixture.user()
        let thread = try fixture.thread(in: forum, by: user)
        let post = try fixture.post(in: thread, by: user)
        let wrong = "/api/forums/\(other)/threads/\(try #require(thread["id"]?.intValue))/"
        let postID = try #require(post["id"]?.intValue)
        let requests: [(String, String, JSON?)] = [
            ("GET", wrong, nil), ("PUT", wrong, ["title": "t", "content": "c"]), ("DELETE", wrong, nil),
            ("POST", wrong + "like/", nil), ("DELETE", wrong + "like/", nil),
            ("POST", wrong + "bookmark/", nil), ("DELETE", wrong + "bookmark/", nil),
            ("GET", wrong + "posts/", nil), ("POST", wrong + "posts/", ["content": "x"]),
            ("GET", wrong + "posts/\(postID)/", nil), ("PUT", wrong + "posts/\(postID)/", ["content": "x"]),
            ("DELETE", wrong + "posts/\(postID)/", nil), ("POST", wrong + "posts/\(postID)/like/", nil),
        ]
        for (method, path, body) in requests {
            #expect(fixture.send(method, path, body: body, as: user).errorCode == "not_found", "\(method) \(path)")
        }
        #expect(fixture.send("GET", try fixture.path(thread)).status == 200)
    }

    @Test func list_IsNewestFirst_PerForum_AndPaginated() throws {
        let forum = try fixture.forum()
        let elsewhere = try fixture.forum("Elsewhere")
        let user = try fixture.user()
        let ids = try (0..<5).map { try #require(fixture.thread(in: forum, by: user, title: "t\($0)")["id"]?.intValue) }
        _ = try fixture.thread(in: elsewhere, by: user)
        let first = fixture.send("GET", "/api/forums/\(forum)/threads/", query: "limit=2")
        #expect(first.ids == [ids[4], ids[3]])
        #expect(first.json["results"]?.arrayValue?.allSatisfy { $0.keys == Self.keys } == true)
        #expect(try fixture.walk("/api/forums/\(forum)/threads/", query: "limit=2") == ids.reversed())
        #expect(fixture.send("GET", "/api/forums/\(forum)/threads/", query: "limit=101").fields
                == ["limit": "Ensure this value is an integer between 1 and 100."])
    }

    @Test func unsupportedMethods_Are405WithAllow() throws {
        let thread = try fixture.thread(in: try fixture.forum(), by: try fixture.user())
        let response = fixture.send("PATCH", try fixture.path(thread), body: ["title": "x"])
        #expect(response.status == 405)
        #expect(Set(response.header("Allow")?.split(separator: ",").map { String($0.filter { $0 != " " }) } ?? [])
                == ["GET", "PUT", "DELETE"])
    }
}
