import AgoraCore
import Glibc
import Testing
@testable import AgoraVideos

/// The multipart framing and the containers, read from files without a database.
struct ContainerTests {
    /// A body file in a fresh directory, opened through `BodyFile`.
    func open(_ bytes: [UInt8]) throws -> BodyFile {
        var template = Array("/tmp/agora-body-test.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SystemError("mkdtemp") }
        let directory = String(cString: made)
        let path = directory + "/body"
        let fd = Glibc.open(path, O_WRONLY | O_CREAT, 0o600)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let file = try BodyFile(path: path, inside: directory)
        unlink(path)
        rmdir(directory)
        return file
    }

    @Test func multipart_LocatesTheFilePart_WithoutReadingIt() throws {
        let video = Containers.mp4()
        let body = Array("preamble\r\n".utf8) + VideosFixture.multipart([("title", "T"), ("description", "D")], file: video)
        let form = try MultipartForm(try open(body), boundary: VideosFixture.boundary)
        #expect(form.fields == ["title": "T", "description": "D"])
        let part = try #require(form.files.first)
        #expect(part.name == "file" && part.filename == "clip.mp4" && part.count == Int64(video.count))
        #expect(Array(body[Int(part.start)..<Int(part.end)]) == video)
    }

    @Test func multipart_FindsABoundaryAcrossTheScannersBuffer() throws {
        let video = Containers.mp4() + [UInt8](repeating: 1, count: MultipartForm.bufferSize)
        let form = try MultipartForm(try open(VideosFixture.multipart([], file: video)), boundary: VideosFixture.boundary)
        #expect(form.files.first?.count == Int64(video.count))
    }

    @Test(arguments: ["", "--x\r\n", "--\(VideosFixture.boundary)\r\nno headers end", "--\(VideosFixture.boundary)\r\n\r\n"])
    func multipart_Malformed_Is400(text: String) throws {
        #expect(throws: APIError.self) { try MultipartForm(try open(Array(text.utf8)), boundary: VideosFixture.boundary) }
    }

    @Test func boundary_IsReadFromTheContentType() {
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=abc") == .some("abc"))
        #expect(MultipartForm.boundary(contentType: "Multipart/Form-Data; charset=x; boundary=\"a=b\"") == .some("a=b"))
        #expect(MultipartForm.boundary(contentType: "multipart/form-data") == .some(nil))
        #expect(MultipartForm.boundary(contentType: "application/json") == nil)
    }

    @Test func probe_ReadsMP4AndQuickTime() throws {
        let mp4 = Containers.mp4(width: 1920, height: 1080, timescale: 90000, duration: 450_000)
        let probe = try VideoProbe.inspect(try open(mp4), start: 0, end: Int64(mp4.count))
        #expect(probe == VideoProbe(contentType: "video/mp4", fileExtension: "mp4", durationSeconds: 5, width: 1920,
                                    height: 1080))
        let mov = Containers.mp4(brand: "qt  ")
        #expect(try VideoProbe.inspect(try open(mov), start: 0, end: Int64(mov.count)).contentType == "video/quicktime")
    }

    @Test func probe_ReadsWebMAndMatroska() throws {
        let webm = Containers.webm(width: 320, height: 180)
        let probe = try VideoProbe.inspect(try open(webm), start: 0, end: Int64(webm.count))
        #expect(probe == VideoProbe(contentType: "video/webm", fileExtension: "webm", durationSeconds: 1.5, width: 320,
                                    height: 180))
        let mkv = Containers.webm(doctype: "matroska")
        #expect(try VideoProbe.inspect(try open(mkv), start: 0, end: Int64(mkv.count)).fileExtension == "mkv")
    }

    /// A 64-bit box size near Int64.max once made the walk overflow and kill the worker.
    @Test func probe_SurvivesA64BitBoxSizeNearItsMaximum() throws {
        let ftyp = Containers.box("ftyp", Array("isom".utf8) + Containers.be32(512) + Array("isomiso2".utf8))
        let huge = Containers.be32(1) + Array("moov".utf8) + [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        let bytes = ftyp + huge + [UInt8](repeating: 0, count: 64)
        let probe = try VideoProbe.inspect(try open(bytes), start: 0, end: Int64(bytes.count))
        #expect(probe.contentType == "video/mp4" && probe.durationSeconds == nil)
    }

    @Test func probe_LeavesOutAbsurdDurations() throws {
        let webm = Containers.webm(duration: .greatestFiniteMagnitude)
        #expect(try VideoProbe.inspect(try open(webm), start: 0, end: Int64(webm.count)).durationSeconds == nil)
        let mp4 = Containers.mp4(timescale: 1, duration: 0x7FFF_FFFF)  // 68 years
        #expect(try VideoProbe.inspect(try open(mp4), start: 0, end: Int64(mp4.count)).durationSeconds == nil)
    }

    /// Transport padding was read a byte at a time without a limit (1.3 µs of worker per byte).
    @Test func multipart_LongTransportPadding_Is400() throws {
        let body = Array("--\(VideosFixture.boundary)".utf8) + [UInt8](repeating: 32, count: 100_000) + Array("\r\n".utf8)
        #expect(throws: APIError.self) { try MultipartForm(try open(body), boundary: VideosFixture.boundary) }
    }

    @Test func probe_SurvivesLyingSizes() throws {
        var mp4 = Containers.mp4()
        mp4.replaceSubrange(24..<28, with: [0xFF, 0xFF, 0xFF, 0xF0])  // moov claims far more than the file
        let probe = try VideoProbe.inspect(try open(mp4), start: 0, end: Int64(mp4.count))
        #expect(probe.contentType == "video/mp4" && probe.width == nil && probe.durationSeconds == nil)
    }
}

extension VideoProbe {
    init(contentType: String, fileExtension: String, durationSeconds: Double?, width: Int64?, height: Int64?) {
        self.init(contentType: contentType, fileExtension: fileExtension)
        self.durationSeconds = durationSeconds
        self.width = width
        self.height = height
    }
}
