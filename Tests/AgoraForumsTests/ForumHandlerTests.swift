import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraForums

/// Forums in-process: anyone reads, only admins write; deleting one deletes its threads.
@Suite(.enabled(if: TestFunction.isAvailable))
struct ForumHandlerTests {
    let fixture: ForumsFixture

    init() throws { fixture = try ForumsFixture() }

    @Test func create_ByAnAdmin_TrimsAndDefaultsTheDescription() throws {
        let response = fixture.send("POST", "/api/forums/", body: ["title": "  News  ", "threads_count": 9, "id": 1],
                                    as: fixture.admin)
        #expect(response.status == 201)
        #expect(response.json["title"] == "News")
        #expect(response.json["description"] == "")
        #expect(response.json["threads_count"] == 0)
        #expect(response.json.keys == ["id", "title", "description", "threads_count", "created_at"])
    }

    @Test func create_ByAUser_Is403BeforeTheBody_AndAnonymousIs401() throws {
        let user = try fixture.user()
        #expect(fixture.send("POST", "/api/forums/", body: [:], as: user).errorCode == "forbidden")
        #expect(fixture.send("POST", "/api/forums/", body: ["title": "x"]).errorCode == "not_authenticated")
    }

    /// Bodies and the field messages they get (nil: created).
    static let bodies: [(JSON, JSON?)] = [
        (["title": "x"], nil),
        ([:], ["title": "This field is required."]),
        (["title": "   "], ["title": "This field may not be blank."]),
        (["title": .string(String(repeating: "x", count: 201))],
         ["title": "Ensure this field has no more than 200 characters."]),
        (["title": 5], ["title": "Not a valid string."]),
        (["title": "ok", "description": .string(String(repeating: "x", count: 2001))],
         ["description": "Ensure this field has no more than 2000 characters."]),
        (["title": "ok", "description": .null], ["description": "This field may not be null."]),
    ]

    @Test(arguments: bodies)
    func create_ValidatesEveryField(body: JSON, fields: JSON?) throws {
        let response = fixture.send("POST", "/api/forums/", body: body, as: fixture.admin)
        #expect(response.status == (fields == nil ? 201 : 400))
        #expect(response.fields == fields)
    }

    @Test func update_ReplacesBothFields_AdminsOnly_404Before403() throws {
        let id = try fixture.forum()
        let path = "/api/forums/\(id)/"
        let user = try fixture.user()
        #expect(fixture.send("PUT", path, body: ["title": "x"], as: user).errorCode == "forbidden")
        #expect(fixture.send("PUT", "/api/forums/999999999999/", body: ["title": "x"], as: user).errorCode == "not_found")
        #expect(fixture.send("DELETE", path, as: user).errorCode == "forbidden")
        #expect(fixture.send("DELETE", path).errorCode == "not_authenticated")
        _ = fixture.send("PUT", path, body: ["title": "T", "description": "D"], as: fixture.admin)
        let response = fixture.send("PUT", path, body: ["title": " Renamed "], as: fixture.admin)
        #expect(response.json["title"] == "Renamed")
        #expect(response.json["description"] == "")  // PUT resets what it omits
        #expect(fixture.send("PUT", path, body: ["description": "d"], as: fixture.admin).fields
                == ["title": "This field is required."])
        #expect(fixture.send("GET", path).json == response.json)
    }

    @Test func delete_DeletesItsThreadsAndPosts() throws {
        let id = try fixture.forum()
        let user = try fixture.user()
        let thread = try fixture.thread(in: id, by: user)
        let post = try fixture.post(in: thread, by: user)
        #expect(fixture.send("DELETE", "/api/forums/\(id)/", as: fixture.admin).status == 204)
        #expect(fixture.send("GET", "/api/forums/\(id)/").errorCode == "not_found")
        #expect(fixture.send("GET", try fixture.path(thread)).errorCode == "not_found")
        #expect(fixture.send("GET", try fixture.path(post, of: thread)).errorCode == "not_found")
        let left = try #require(try fixture.forums.db.query("SELECT count(*) FROM threads WHERE forum_id = \(id)").first)
        #expect(try left.decode(Int64.self) == 0)
    }

    @Test func list_IsNewestFirst_AndPaginated() throws {
        let ids = try (0..<3).map { try fixture.forum("f\($0)") }
        let listed = try fixture.walk("/api/forums/", query: "limit=2").filter(ids.contains)
        #expect(listed == ids.reversed())
        #expect(fixture.send("GET", "/api/forums/", query: "limit=0").fields
                == ["limit": "Ensure this value is an integer between 1 and 100."])
    }

    @Test func missingForum_Is404_EvenBeforeTheBody() throws {
        let user = try fixture.user()
        #expect(fixture.send("GET", "/api/forums/999999999999/").errorCode == "not_found")
        #expect(fixture.send("GET", "/api/forums/999999999999/threads/").errorCode == "not_found")
        #expect(fixture.send("POST", "/api/forums/999999999999/threads/", body: [:], as: user).errorCode == "not_found")
    }
}
