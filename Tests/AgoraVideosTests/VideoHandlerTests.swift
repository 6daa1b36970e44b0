import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraVideos

/// External videos, reads, changes and likes in-process.
@Suite(.enabled(if: TestFunction.isAvailable))
struct VideoHandlerTests {
    let fixture: VideosFixture

    init() throws { fixture = try VideosFixture() }

    func external(_ user: TestUser, _ title: String = "Far") throws -> Int64 {
        let response = fixture.send("POST", "/api/videos/", body: ["title": .string(title), "url": "https://v.example.com/x"],
                                    as: user)
        try #require(response.status == 201)
        return try #require(response.json["id"]?.intValue)
    }

    static let bodies: [(JSON, JSON?)] = [
        (["title": "T", "url": "https://v.example.com/a"], nil),
        (["title": "T"], ["url": "This field is required."]),
        (["title": "T", "url": "http://v.example.com/a"], ["url": "Enter a valid URL."]),
        (["title": "T", "url": "javascript:alert(1)"], ["url": "Enter a valid URL."]),
        (["url": "https://v.example.com/a"], ["title": "This field is required."]),
        (["title": "T", "url": "https://v.example.com/a", "description": .string(String(repeating: "d", count: 5001))],
         ["description": "Ensure this field has no more than 5000 characters."]),
    ]

    @Test(arguments: bodies)
    func create_External_ValidatesEveryField(body: JSON, fields: JSON?) throws {
        let response = fixture.send("POST", "/api/videos/", body: body, as: try fixture.user())
        #expect(response.status == (fields == nil ? 201 : 400))
        #expect(response.fields == fields)
    }

    @Test func create_WithAnotherContentType_Is415() throws {
        let path = try fixture.bodyFile(Array("hello".utf8))
        let response = fixture.videos.send("POST", "/api/videos/", as: try fixture.user(),
                                           headers: ["content-type": "text/plain"], bodyFile: path)
        #expect(response.status == 415)
    }

    @Test func update_And_Patch_AreTheOwnersOrAnAdmins_404Before403() throws {
        let owner = try fixture.user()
        let stranger = try fixture.user()
        let id = try external(owner)
        let path = "/api/videos/\(id)/"
        #expect(fixture.send("PUT", path, body: ["title": "x"], as: stranger).errorCode == "forbidden")
        #expect(fixture.send("PATCH", "/api/videos/999999999999/", body: ["title": "x"], as: stranger).errorCode == "not_found")
        #expect(fixture.send("DELETE", path, as: stranger).errorCode == "forbidden")
        let patched = fixture.send("PATCH", path, body: ["description": "D", "url": "https://evil.example.com/"], as: owner)
        #expect(patched.json["title"] == "Far" && patched.json["description"] == "D")
        #expect(patched.json["url"] == "https://v.example.com/x")
        let put = fixture.send("PUT", path, body: ["title": "New"], as: fixture.admin)
        #expect(put.json["title"] == "New" && put.json["description"] == "")
        #expect(fixture.send("DELETE", path, as: owner).status == 204)
        #expect(fixture.send("GET", path).errorCode == "not_found")
    }

    @Test func list_ShowsLikesAndTheCallersLiked_NewestFirst() throws {
        let owner = try fixture.user()
        let fan = try fixture.user()
        let first = try external(owner, "one")
        let second = try external(owner, "two")
        #expect(fixture.send("POST", "/api/videos/\(first)/like/", as: fan).json == likeState(true, 1))
        #expect(fixture.send("POST", "/api/videos/\(first)/like/", as: fan).json == likeState(true, 1))
        let page = fixture.send("GET", "/api/videos/", query: "uploaded_by=\(owner.id)", as: fan).json
        #expect(page["results"]?.arrayValue?.compactMap { $0["id"]?.intValue } == [second, first])
        let results = try #require(page["results"]?.arrayValue)
        #expect(results[1]["liked"] == true && results[1]["likes_count"] == 1)
        #expect(results[0]["liked"] == false)
        let anonymous = fixture.send("GET", "/api/videos/", query: "uploaded_by=\(owner.id)").json
        #expect(anonymous["results"]?.arrayValue?.first?["liked"] == nil)
        #expect(fixture.send("DELETE", "/api/videos/\(first)/like/", as: fan).json == likeState(false, 0))
        #expect(fixture.send("GET", "/api/videos/", query: "uploaded_by=x").fields == ["uploaded_by": "Enter a valid id."])
    }
}
