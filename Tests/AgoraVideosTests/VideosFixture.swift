import AgoraCore
import AgoraTesting
import Glibc
import Testing
@testable import AgoraVideos

/// The videos function in-process, with its own media root and client-body directory (a fresh
/// temporary folder per fixture), an admin, and helpers that write multipart bodies to files as
/// nginx would.
final class VideosFixture {
    let videos: TestFunction
    let admin: TestUser
    let root: String

    var mediaDirectory: String { root + "/media/videos" }
    var bodyDirectory: String { root + "/client_body" }

    init() throws {
        var template = Array("/tmp/agora-videos-test.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SystemError("mkdtemp") }
        root = String(cString: made)
        mkdir(root + "/client_body", 0o755)
        videos = try TestFunction(VideosFunction.self, environment: [
            "MEDIA_ROOT": root + "/media", "CLIENT_BODY_DIR": root + "/client_body", "VIDEO_MAX_BYTES": "100000",
        ])
        admin = try videos.user("admin", admin: true)
    }

    deinit {
        for directory in [mediaDirectory, bodyDirectory] {
            for name in (try? Posix.listDirectory(directory)) ?? [] { unlink(directory + "/" + name) }
            rmdir(directory)
        }
        rmdir(root + "/media")
        rmdir(root)
    }

    func send(_ method: String, _ path: String, query: String = "", body: JSON? = nil, as user: TestUser? = nil)
        -> TestResponse {
        videos.send(method, path, query: query, body: body, as: user)
    }

    func user(_ name: String = "user") throws -> TestUser { try videos.user(name) }

    /// Writes `bytes` into the client-body directory (as nginx would) and returns the path.
    func bodyFile(_ bytes: [UInt8]) throws -> String {
        let path = bodyDirectory + "/" + String(UInt32.random(in: 0...UInt32.max))
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw SystemError("open \(path)") }
        defer { close(fd) }
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw SystemError("write \(path)")
        }
        return path
    }

    static let boundary = "----agora-test-boundary"

    /// A `multipart/form-data` body: the text fields, then the file part (if any).
    static func multipart(_ fields: [(String, String)], file: [UInt8]?, filename: String = "clip.mp4") -> [UInt8] {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array(("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n").utf8)
            body += file + Array("\r\n".utf8)
        }
        return body + Array("--\(boundary)--\r\n".utf8)
    }

    /// Uploads `file` with a title as `user`.
    func upload(_ file: [UInt8]?, title: String = "A clip", extra: [(String, String)] = [], as user: TestUser?) throws
        -> TestResponse {
        let path = try bodyFile(VideosFixture.multipart([("title", title)] + extra, file: file))
        return videos.send("POST", "/api/videos/", as: user,
                           headers: ["content-type": "multipart/form-data; boundary=\(VideosFixture.boundary)"],
                           bodyFile: path)
    }

    func mediaFiles() -> [String] { ((try? Posix.listDirectory(mediaDirectory)) ?? []).sorted() }
}

/// Tiny real containers, byte by byte (the e2e suite's videofiles.py writes the same).
enum Containers {
    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] { be32(8 + payload.count) + Array(type.utf8) + payload }
    static func be32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }

    static func tkhd(_ width: Int, _ height: Int) -> [UInt8] {
        box("tkhd", [0, 0, 0, 3] + [UInt8](repeating: 0, count: 72) + be32(width << 16) + be32(height << 16))
    }

    static func mp4(width: Int = 320, height: Int = 240, timescale: Int = 600, duration: Int = 900,
                    brand: String = "isom") -> [UInt8] {
        let ftyp = box("ftyp", Array(brand.utf8) + be32(512) + Array("isomiso2".utf8))
        let mvhd = box("mvhd", be32(0) + be32(0) + be32(0) + be32(timescale) + be32(duration) + [UInt8](repeating: 0, count: 80))
        let moov = box("moov", mvhd + box("trak", tkhd(0, 0)) + box("trak", tkhd(width, height)))
        return ftyp + moov + box("mdat", [UInt8](repeating: 7, count: 512))
    }

    static func element(_ id: [UInt8], _ data: [UInt8]) -> [UInt8] {
        id + [0x01] + (0..<7).map { UInt8(truncatingIfNeeded: data.count >> (48 - 8 * $0)) } + data
    }

    static func webm(width: Int = 640, height: Int = 360, doctype: String = "webm", duration ticks: Float = 1500) -> [UInt8] {
        let header = element([0x1A, 0x45, 0xDF, 0xA3], element([0x42, 0x82], Array(doctype.utf8)))
        let duration = withUnsafeBytes(of: ticks.bitPattern.bigEndian) { Array($0) }
        let info = element([0x15, 0x49, 0xA9, 0x66], element([0x2A, 0xD7, 0xB1], [0x0F, 0x42, 0x40])
                           + element([0x44, 0x89], duration))
        let video = element([0xAE], element([0x83], [1]) + element([0xE0], element([0xB0], [UInt8(width >> 8), UInt8(width & 255)])
                                                                    + element([0xBA], [UInt8(height >> 8), UInt8(height & 255)])))
        let tracks = element([0x16, 0x54, 0xAE, 0x6B], video)
        let cluster = element([0x1F, 0x43, 0xB6, 0x75], [UInt8](repeating: 9, count: 256))
        return header + element([0x18, 0x53, 0x80, 0x67], info + tracks + cluster)
    }
}

extension TestResponse {
    var fields: JSON? { json["error"]?["fields"] }
}

/// `{liked, likes_count}` as the like routes answer it.
func likeState(_ liked: Bool, _ count: Int64) -> JSON {
    .object(["liked": .bool(liked), "likes_count": .int(count)])
}
