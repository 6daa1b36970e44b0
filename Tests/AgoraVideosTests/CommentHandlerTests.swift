import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraVideos

/// Comments in-process: the author or an admin edits; the author, the video's owner or an admin deletes.
@Suite(.enabled(if: TestFunction.isAvailable))
struct CommentHandlerTests {
    let fixture: VideosFixture

    init() throws { fixture = try VideosFixture() }

    func video(_ owner: TestUser) throws -> Int64 {
        let response = fixture.send("POST", "/api/videos/", body: ["title": "V", "url": "https://v.example.com/x"], as: owner)
        return try #require(response.json["id"]?.intValue)
    }

    @Test func comments_AreOldestFirst_AndValidated() throws {
        let owner = try fixture.user()
        let id = try video(owner)
        let path = "/api/videos/\(id)/comments/"
        let first = fixture.send("POST", path, body: ["content": " a "], as: owner)
        #expect(first.status == 201 && first.json["content"] == "a" && first.json["video_id"]?.intValue == id)
        let second = fixture.send("POST", path, body: ["content": "b"], as: owner)
        #expect(fixture.send("GET", path).json["results"]?.arrayValue?.compactMap { $0["id"]?.intValue }
                == [first.json["id"]?.intValue, second.json["id"]?.intValue].compactMap { $0 })
        #expect(fixture.send("POST", path, body: ["content": .string(String(repeating: "x", count: 2001))], as: owner).fields
                == ["content": "Ensure this field has no more than 2000 characters."])
        #expect(fixture.send("POST", path, body: [:], as: owner).fields == ["content": "This field is required."])
        #expect(fixture.send("POST", "/api/videos/999999999999/comments/", body: ["content": "x"], as: owner).errorCode
                == "not_found")
    }

    @Test func theVideosOwner_DeletesButDoesNotEdit() throws {
        let owner = try fixture.user()
        let author = try fixture.user()
        let stranger = try fixture.user()
        let id = try video(owner)
        let comment = fixture.send("POST", "/api/videos/\(id)/comments/", body: ["content": "mine"], as: author)
        let path = "/api/videos/\(id)/comments/\(comment.json["id"]?.intValue ?? 0)/"
        #expect(fixture.send("PUT", path, body: ["content": "owner"], as: owner).errorCode == "forbidden")
        #expect(fixture.send("PUT", path, body: ["content": "edit"], as: author).json["content"] == "edit")
        #expect(fixture.send("PUT", path, body: ["content": "admin"], as: fixture.admin).json["content"] == "admin")
        #expect(fixture.send("DELETE", path, as: stranger).errorCode == "forbidden")
        #expect(fixture.send("POST", path + "like/", as: stranger).json == likeState(true, 1))
        #expect(fixture.send("DELETE", path, as: owner).status == 204)
        #expect(fixture.send("GET", path).errorCode == "not_found")
        let other = try video(owner)
        let moved = fixture.send("POST", "/api/videos/\(id)/comments/", body: ["content": "x"], as: author)
        #expect(fixture.send("GET", "/api/videos/\(other)/comments/\(moved.json["id"]?.intValue ?? 0)/").errorCode
                == "not_found")
    }
}
