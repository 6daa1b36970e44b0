import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraForums

/// Posts in-process: anyone reads (oldest first), a user writes, the author or an admin
/// changes; a post of another thread is 404.
@Suite(.enabled(if: TestFunction.isAvailable))
struct PostHandlerTests {
    let fixture: ForumsFixture

    init() throws { fixture = try ForumsFixture() }

    static let keys: Set<String> = ["id", "thread_id", "content", "author", "created_at", "updated_at", "likes_count"]

    @Test func create_ReturnsThePostWithLiked_AnonymousReadsItWithout() throws {
        let user = try fixture.user()
        let thread = try fixture.thread(in: try fixture.forum(), by: user)
        let response = fixture.send("POST", try fixture.path(thread) + "posts/",
                                    body: ["content": "  Reply  ", "likes_count": 7], as: user)
        #expect(response.status == 201)
        let post = response.json
        #expect(post.keys == Self.keys.union(["liked"]))
        #expect(post["thread_id"] == thread["id"])
        #expect(post["content"] == "Reply" && post["liked"] == false && post["likes_count"] == 0)
        #expect(post["author"] == ["id": .int(user.id), "username": .string(user.username)])
        let anonymous = fixture.send("GET", try fixture.path(post, of: thread)).json
        #expect(anonymous.keys == Self.keys)
        #expect(fixture.send("GET", try fixture.path(thread)).json["posts_count"] == 1)
        #expect(fixture.send("POST", try fixture.path(thread) + "posts/", body: ["content": "x"]).errorCode
                == "not_authenticated")
    }

    /// Bodies and the message `content` gets.
    static let invalidBodies: [(JSON, String)] = [
        ([:], "This field is required."),
        (["content": ""], "This field may not be blank."),
        (["content": .string(String(repeating: "x", count: 50_001))], "Ensure this field has no more than 50000 characters."),
        (["content": 3], "Not a valid string."),
        (["content": .null], "This field may not be null."),
    ]

    @Test(arguments: invalidBodies)
    func create_ValidatesTheContent(body: JSON, message: String) throws {
        let user = try fixture.user()
        let thread = try fixture.thread(in: try fixture.forum(), by: user)
        let response = fixture.send("POST", try fixture.path(thread) + "posts/", body: body, as: user)
        #expect(response.status == 400)
        #expect(response.fields == ["content": .string(message)])
    }

    @Test func list_IsOldestFirst_AndPaginated() throws {
        let user = try fixture.user()
        let thread = try fixture.thread(in: try fixture.forum(), by: user)
        let ids = try (0..<5).map { try #require(fixture.post(in: thread, by: user, content: "p\($0)")["id"]?.intValue) }
        let first = fixture.send("GET", try fixture.path(thread) + "posts/", query: "limit=2")
        #expect(first.ids == [ids[0], ids[1]])
        #expect(first.json["results"]?.arrayValue?.allSatisfy { $0.keys == Self.keys } == true)
        let next = try #require(fixture.send("GET", try fixture.path(thread) + "posts/", query: "limit=2", as: user)
            .json["results"]?.arrayValue?.first)
        #expect(next["liked"] == false)
        #expect(try fixture.walk(try fixture.path(thread) + "posts/", query: "limit=2") == ids)
    }

    @Test func update_AndDelete_TheAuthorOrAnAdmin_PathMustBeConsistent() throws {
        let forum = try fixture.forum()
        let author = try fixture.user("author")
        let other = try fixture.user("other")
        let thread = try fixture.thread(in: forum, by: author)
        let second = try fixture.thread(in: forum, by: author)
        let post = try fixture.post(in: thread, by: author)
        let path = try fixture.path(post, of: thread)
        #expect(fixture.send("GET", try fixture.path(post, of: second)).errorCode == "not_found")
        #expect(fixture.send("PUT", try fixture.path(post, of: second), body: ["content": "x"], as: other).errorCode
                == "not_found")
        #expect(fixture.send("GET", try fixture.path(thread) + "posts/999999999999/").errorCode == "not_found")
        #expect(fixture.send("PUT", path, body: ["content": "x"]).errorCode == "not_authenticated")
        #expect(fixture.send("PUT", path, body: [:], as: other).errorCode == "forbidden")
        #expect(fixture.send("DELETE", path, as: other).errorCode == "forbidden")
        #expect(fixture.send("PUT", path, body: [:], as: author).fields == ["content": "This field is required."])
        let edited = fixture.send("PUT", path, body: ["content": "Edited", "thread_id": .int(try fixture.id(second))],
                                  as: author)
        #expect(edited.json["content"] == "Edited" && edited.json["thread_id"] == thread["id"])
        #expect(fixture.send("PUT", path, body: ["content": "Moderated"], as: fixture.admin).json["author"] == post["author"])
        #expect(fixture.send("DELETE", path, as: author).status == 204)
        #expect(fixture.send("GET", path).errorCode == "not_found")
        #expect(fixture.send("GET", try fixture.path(thread)).json["posts_count"] == 0)
        let others = try fixture.post(in: thread, by: other)
        #expect(fixture.send("DELETE", try fixture.path(others, of: thread), as: fixture.admin).status == 204)
    }
}
