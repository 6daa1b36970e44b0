import AgoraCore
import AgoraTesting
import Glibc
import Testing
@testable import AgoraVideos

/// Uploads in-process: the body file as nginx would leave it, the real media folder.
@Suite(.enabled(if: TestFunction.isAvailable))
struct UploadHandlerTests {
    let fixture: VideosFixture

    init() throws { fixture = try VideosFixture() }

    @Test func upload_StoresTheFileUnderAGeneratedName_WithItsMetadata() throws {
        let user = try fixture.user()
        let bytes = Containers.mp4(width: 1280, height: 720, timescale: 600, duration: 900)
        let response = try fixture.upload(bytes, title: "  Cat  ", as: user)
        #expect(response.status == 201)
        #expect(response.json["title"] == "Cat")
        #expect(response.json["description"] == "")
        #expect(response.json["content_type"] == "video/mp4")
        #expect(response.json["size_bytes"]?.intValue == Int64(bytes.count))
        #expect(response.json["duration_seconds"] == .double(1.5))
        #expect(response.json["width"] == 1280 && response.json["height"] == 720)
        let url = try #require(response.json["url"]?.stringValue)
        let name = String(url.dropFirst("/media/videos/".count))
        #expect(url.hasPrefix("/media/videos/") && name.hasSuffix(".mp4") && name.count == 26)
        #expect(fixture.mediaFiles() == [name])
        #expect(try Posix.readFile(fixture.mediaDirectory + "/" + name) == bytes)
    }

    @Test func upload_OfAWebM_ReadsItsSegmentInfoAndTracks() throws {
        let response = try fixture.upload(Containers.webm(width: 854, height: 480), as: try fixture.user())
        #expect(response.status == 201)
        #expect(response.json["content_type"] == "video/webm")
        #expect(response.json["duration_seconds"] == .double(1.5))
        #expect(response.json["width"] == 854 && response.json["height"] == 480)
    }

    /// Files that are not videos, whatever they are called.
    static let refused: [[UInt8]] = [
        Array("%PDF-1.4\n".utf8) + [UInt8](repeating: 32, count: 100),
        [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 100),
        Array("plain text, named clip.mp4\n".utf8),
        [],
        Containers.webm(doctype: "other"),
    ]

    @Test(arguments: refused)
    func upload_OfANonVideo_Is415_AndLeavesNoFileAndNoRow(bytes: [UInt8]) throws {
        let user = try fixture.user()
        let response = try fixture.upload(bytes, title: "refused", as: user)
        #expect(response.status == 415)
        #expect(response.errorCode == "unsupported_media_type")
        #expect(fixture.mediaFiles().filter { !$0.hasPrefix(".") }.isEmpty)
        #expect(fixture.mediaFiles().isEmpty)
        let rows = try #require(try fixture.videos.db.query("SELECT count(*) FROM videos WHERE owner_id = \(user.id)").first)
        #expect(try rows.decode(Int64.self) == 0)
    }

    @Test func upload_OverVideoMaxBytes_Is413_AndLeavesNoFile() throws {
        let big = Containers.mp4() + [UInt8](repeating: 0, count: 100_000)
        let response = try fixture.upload(big, as: try fixture.user())
        #expect(response.status == 413)
        #expect(fixture.mediaFiles().isEmpty)
    }

    @Test func upload_ChecksItsFields_WithTheMessagesOfJSON() throws {
        let user = try fixture.user()
        #expect(try fixture.upload(Containers.mp4(), title: "", as: user).fields == ["title": "This field may not be blank."])
        #expect(try fixture.upload(nil, as: user).fields == ["file": "No file was submitted."])
        #expect(try fixture.upload(Containers.mp4(), extra: [("url", "https://a.example.com/")], as: user).fields
                == ["url": "Send either a url or a file, not both."])
        #expect(try fixture.upload(Containers.mp4(), as: nil).errorCode == "not_authenticated")
        #expect(fixture.mediaFiles().isEmpty)
    }

    @Test(arguments: ["/etc/passwd", "/tmp/../etc/passwd", "relative", "/nonexistent/file"])
    func upload_FromAPathOutsideTheClientBodyDirectory_Is400(path: String) throws {
        let response = fixture.videos.send("POST", "/api/videos/", as: try fixture.user(),
                                           headers: ["content-type": "multipart/form-data; boundary=b"], bodyFile: path)
        #expect(response.status == 400)
        #expect(response.json["error"]?["message"] == "The request body file is not in the upload directory.")
    }

    @Test func create_FromAJSONBodyFile_MakesAnExternalVideo() throws {
        let path = try fixture.bodyFile(Array(#"{"title": "Far", "url": "https://v.example.com/a"}"#.utf8))
        let response = fixture.videos.send("POST", "/api/videos/", as: try fixture.user(),
                                           headers: ["content-type": "application/json"], bodyFile: path)
        #expect(response.status == 201)
        #expect(response.json["url"] == "https://v.example.com/a")
        #expect(response.json["content_type"] == .null && response.json["size_bytes"] == .null)
        let large = try fixture.bodyFile([UInt8](repeating: 32, count: (1 << 20) + 1))
        #expect(fixture.videos.send("POST", "/api/videos/", as: try fixture.user(),
                                    headers: ["content-type": "application/json"], bodyFile: large).status == 413)
    }

    @Test func delete_RemovesTheFile_AndGCRemovesOrphans() throws {
        let user = try fixture.user()
        let kept = try fixture.upload(Containers.mp4(), as: user)
        let gone = try fixture.upload(Containers.webm(), as: user)
        #expect(fixture.mediaFiles().count == 2)
        #expect(fixture.send("DELETE", "/api/videos/\(gone.json["id"]?.intValue ?? 0)/", as: user).status == 204)
        #expect(fixture.mediaFiles().count == 1)
        let orphan = try fixture.bodyFile(Containers.mp4())
        let name = "CCCCCCCCCCCCCCCCCCCCCC.mp4"
        #expect(rename(orphan, fixture.mediaDirectory + "/" + name) == 0)
        let removed = try MediaCollector(mediaRoot: fixture.root + "/media", grace: 0).collect(fixture.videos.db)
        #expect(removed == [name])
        let url = try #require(kept.json["url"]?.stringValue)
        #expect(fixture.mediaFiles() == [String(url.dropFirst("/media/videos/".count))])
    }
}
