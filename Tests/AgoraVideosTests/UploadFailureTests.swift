import AgoraCore
import AgoraTesting
import Glibc
import Testing
@testable import AgoraVideos

/// A database that refuses the row after the file was stored: the file goes, nothing is left.
@Suite(.enabled(if: TestFunction.isAvailable))
struct UploadFailureTests {
    let fixture: VideosFixture

    init() throws { fixture = try VideosFixture() }

    @Test func upload_WhoseInsertFails_RemovesTheStoredFile() throws {
        let db = fixture.videos.db
        // Changing a table is the owner role's (the functions' role may not), when the test has it.
        let owner = TestFunction.ownerDatabase() ?? db
        let title = "refused by the database \(UInt32.random(in: 0...UInt32.max))"
        // A real constraint of the database, on this title only, so concurrent tests are untouched.
        let constraint = "videos_refuse_\(UInt32.random(in: 0...UInt32.max))"
        try owner.execute(unsafeSQL: "ALTER TABLE videos ADD CONSTRAINT \(constraint) CHECK (title <> '\(title)') NOT VALID")
        defer { try? owner.execute(unsafeSQL: "ALTER TABLE videos DROP CONSTRAINT \(constraint)") }
        let user = try fixture.user()
        let response = try fixture.upload(Containers.mp4(), title: title, as: user)
        #expect(response.status >= 400)
        #expect(fixture.mediaFiles().isEmpty)
        let rows = try #require(try db.query("SELECT count(*) FROM videos WHERE owner_id = \(user.id)").first)
        #expect(try rows.decode(Int64.self) == 0)
    }
}
