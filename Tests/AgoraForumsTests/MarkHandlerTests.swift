import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraForums

/// Likes and bookmarks in-process: idempotent, with counts; `liked`/`bookmarked` are the
/// caller's and absent for anonymous callers; `?bookmarked=true` lists the caller's bookmarks.
@Suite(.enabled(if: TestFunction.isAvailable))
struct MarkHandlerTests {
    let fixture: ForumsFixture

    init() throws { fixture = try ForumsFixture() }

    @Test func threadLike_IsIdempotent_AndCounts() throws {
        let me = try fixture.user("me")
        let other = try fixture.user("other")
        let thread = try fixture.thread(in: try fixture.forum(), by: me)
        let like = try fixture.path(thread) + "like/"
        #expect(fixture.send("POST", like).errorCode == "not_authenticated")
        #expect(fixture.send("DELETE", like).errorCode == "not_authenticated")
        for _ in 0..<2 {
            let response = fixture.send("POST", like, as: me)
            #expect(response.status == 200 && response.json == ["liked": true, "likes_count": 1])
        }
        #expect(fixture.send("POST", like, as: other).json == ["liked": true, "likes_count": 2])
        #expect(fixture.send("GET", try fixture.path(thread), as: me).json["liked"] == true)
        for _ in 0..<2 {
            #expect(fixture.send("DELETE", like, as: me).json == ["liked": false, "likes_count": 1])
        }
        #expect(fixture.send("GET", try fixture.path(thread), as: me).json["liked"] == false)
        #expect(fixture.send("GET", try fixture.path(thread), as: other).json["liked"] == true)
        // Unliking what was never liked is 200 with the unchanged state.
        #expect(fixture.send("DELETE", like, as: try fixture.user("third")).json == ["liked": false, "likes_count": 1])
    }

    @Test func postLike_IsIdempotent_AndCounts() throws {
        let me = try fixture.user()
        let thread = try fixture.thread(in: try fixture.forum(), by: me)
        let post = try fixture.post(in: thread, by: me)
        let like = try fixture.path(post, of: thread) + "like/"
        #expect(fixture.send("POST", like, as: me).json == ["liked": true, "likes_count": 1])
        #expect(fixture.send("POST", like, as: me).json == ["liked": true, "likes_count": 1])
        #expect(fixture.send("GET", try fixture.path(post, of: thread), as: me).json["liked"] == true)
        #expect(fixture.send("GET", try fixture.path(post, of: thread)).json["likes_count"] == 1)
        #expect(fixture.send("DELETE", like, as: me).json == ["liked": false, "likes_count": 0])
        #expect(fixture.send("DELETE", like, as: me).json == ["liked": false, "likes_count": 0])
        #expect(fixture.send("POST", try fixture.path(thread) + "posts/999999999999/like/", as: me).errorCode == "not_found")
    }

    @Test func likedAndBookmarked_InLists_AreTheCallers_AndAbsentForAnonymousCallers() throws {
        let forum = try fixture.forum()
        let me = try fixture.user("me")
        let other = try fixture.user("other")
        let liked = try fixture.thread(in: forum, by: me, title: "liked")
        let plain = try fixture.thread(in: forum, by: me, title: "plain")
        _ = fixture.send("POST", try fixture.path(liked) + "like/", as: me)
        #expect(fixture.send("POST", try fixture.path(plain) + "bookmark/", as: me).json == ["bookmarked": true])
        let (likedID, plainID) = (try fixture.id(liked), try fixture.id(plain))
        let mine = rows(fixture.send("GET", "/api/forums/\(forum)/threads/", as: me))
        #expect(mine[likedID]?["liked"] == true && mine[likedID]?["bookmarked"] == false)
        #expect(mine[plainID]?["liked"] == false && mine[plainID]?["bookmarked"] == true)
        #expect(mine[likedID]?["likes_count"] == 1)
        let others = rows(fixture.send("GET", "/api/forums/\(forum)/threads/", as: other))
        #expect(others[likedID]?["liked"] == false && others[plainID]?["bookmarked"] == false)
        let anonymous = fixture.send("GET", "/api/forums/\(forum)/threads/").json["results"]?.arrayValue ?? []
        #expect(anonymous.count == 2)
        #expect(anonymous.allSatisfy { $0["liked"] == nil && $0["bookmarked"] == nil })
        #expect(fixture.send("GET", try fixture.path(liked)).json["liked"] == nil)
    }

    @Test func bookmarkedFilter_ListsTheCallersBookmarksOfThatForum() throws {
        let forum = try fixture.forum()
        let me = try fixture.user("me")
        let threads = try (0..<4).map { try fixture.thread(in: forum, by: me, title: "b\($0)") }
        let elsewhere = try fixture.thread(in: try fixture.forum("Elsewhere"), by: me)
        for thread in [threads[0], threads[2], elsewhere] {
            for _ in 0..<2 {
                let response = fixture.send("POST", try fixture.path(thread) + "bookmark/", as: me)
                #expect(response.status == 200 && response.json == ["bookmarked": true])
            }
        }
        let path = "/api/forums/\(forum)/threads/"
        #expect(try fixture.walk(path, query: "bookmarked=true&limit=1", as: me)
                == [try fixture.id(threads[2]), try fixture.id(threads[0])])
        #expect(fixture.send("GET", path, query: "bookmarked=true", as: try fixture.user("other")).ids == [])
        for _ in 0..<2 {
            #expect(fixture.send("DELETE", try fixture.path(threads[2]) + "bookmark/", as: me).json == ["bookmarked": false])
        }
        #expect(fixture.send("GET", path, query: "bookmarked=true", as: me).ids == [try fixture.id(threads[0])])
    }

    @Test(arguments: ["false", "1", "yes", "True", ""])
    func bookmarkedFilter_AcceptsOnlyTrue(value: String) throws {
        let forum = try fixture.forum()
        let me = try fixture.user()
        for user in [me, nil] {
            let response = fixture.send("GET", "/api/forums/\(forum)/threads/", query: "bookmarked=\(value)", as: user)
            #expect(response.status == 400)
            #expect(response.fields == ["bookmarked": "The only accepted value is \"true\"."])
        }
        // The forum's 404 comes first.
        #expect(fixture.send("GET", "/api/forums/999999999999/threads/", query: "bookmarked=\(value)", as: me).errorCode
                == "not_found")
    }

    @Test func bookmarkedFilter_WithoutAToken_Is401_BeforeTheForums404() throws {
        let forum = try fixture.forum()
        #expect(fixture.send("GET", "/api/forums/\(forum)/threads/", query: "bookmarked=true").errorCode == "not_authenticated")
        #expect(fixture.send("GET", "/api/forums/999999999999/threads/", query: "bookmarked=true").errorCode
                == "not_authenticated")
    }

    /// The threads of a list page by id.
    func rows(_ response: TestResponse) -> [Int64: JSON] {
        var rows: [Int64: JSON] = [:]
        for thread in response.json["results"]?.arrayValue ?? [] {
            if let id = thread["id"]?.intValue { rows[id] = thread }
        }
        return rows
    }
}
