import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Video `{id, title, description, url, uploaded_by, content_type, size_bytes, duration_seconds,
/// width, height, created_at, updated_at, likes_count, liked}`. An uploaded video's `url` is
/// `/media/videos/<file_name>`; an external one keeps its https URL and has `content_type`,
/// `size_bytes` and the container fields null. `liked` is the caller's, computed in the same
/// query, and absent for anonymous callers.
struct Video: PostgresRecord {
    static let like = UserMark.like(table: "video_likes", target: "video_id", counted: "videos")

    static var columns: SQL { columns(for: nil) }

    /// The select list over `videos v` joined as `joins` (or a CTE named `v`).
    static func columns(for caller: Caller?) -> SQL {
        """
        v.id, v.title, v.description, v.external_url, v.file_name, v.content_type, v.size_bytes, \
        v.duration_seconds, v.width, v.height, v.created_at, v.updated_at, v.likes_count, \
        u.id AS uploaded_by_id, u.username AS uploaded_by_username, \(like.state("v.id", caller: caller)) AS liked
        """
    }

    static let joins: SQL = "JOIN users u ON u.id = v.owner_id"

    /// The one-column owner lookup of video `id` (no row: 404).
    static func owner(_ id: Int64) -> SQL { "SELECT owner_id FROM videos WHERE id = \(id)" }

    static let mediaPath = "/media/videos/"

    let id: Int64
    let title: String
    let description: String
    let url: String
    let uploadedBy: PublicUser
    let contentType: String?
    let sizeBytes: Int64?
    let durationSeconds: Double?
    let width: Int64?
    let height: Int64?
    let createdAt: Timestamp
    let updatedAt: Timestamp
    let likesCount: Int64
    let liked: Bool?

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.value("id")
        title = try row.value("title")
        description = try row.value("description")
        let external: String? = try row.value("external_url")
        let file: String? = try row.value("file_name")
        url = file.map { Video.mediaPath + $0 } ?? external ?? ""
        contentType = try row.value("content_type")
        sizeBytes = try row.value("size_bytes")
        durationSeconds = try row.value("duration_seconds")
        width = try row.value("width")
        height = try row.value("height")
        createdAt = try row.value("created_at")
        updatedAt = try row.value("updated_at")
        likesCount = try row.value("likes_count")
        uploadedBy = try row.publicUser(id: "uploaded_by_id", username: "uploaded_by_username")
        liked = try row.value("liked")
    }

    var json: JSON {
        var video: [String: JSON] = [
            "id": .int(id), "title": .string(title), "description": .string(description), "url": .string(url),
            "uploaded_by": uploadedBy.json, "content_type": contentType.map { .string($0) } ?? .null,
            "size_bytes": sizeBytes.map { .int($0) } ?? .null,
            "duration_seconds": durationSeconds.map { .double($0) } ?? .null,
            "width": width.map { .int($0) } ?? .null, "height": height.map { .int($0) } ?? .null,
            "created_at": createdAt.json, "updated_at": updatedAt.json, "likes_count": .int(likesCount),
        ]
        if let liked { video["liked"] = .bool(liked) }
        return .object(video)
    }

    // MARK: Request fields: each declared once, for validation and for the document.

    static let title = Field.string("title", length: 1...200, trim: true)
        .describe("1-200 characters; surrounding whitespace is trimmed.")
    static let description = Field.string("description", length: 0...5000, trim: true).optional()
        .describe("At most 5000 characters (default \"\"; a PUT without it resets it); surrounding whitespace is trimmed.")
    static let url = Field.url("url", schemes: ["https"], maxLength: 500)
        .describe("An external video: an absolute `https` URL of at most 500 characters (`http`, `javascript:` and "
            + "other schemes are 400).")
    /// POST as JSON: an external video.
    static let externalBody = RequestBody(title, description, url)
    /// PUT replaces, PATCH changes: title and description (`url` and `file` are ignored).
    static let body = RequestBody(title, description)

    // MARK: Documentation

    static func example(likesCount: Int64 = 2, liked: Bool = true) -> JSON {
        ["id": 7, "title": "Cat", "description": "A cat.", "url": "/media/videos/q1Xf2Lw8cV3nB0aZ9kT4mA.mp4",
         "uploaded_by": ["id": 42, "username": "alice"], "content_type": "video/mp4", "size_bytes": 1_048_576,
         "duration_seconds": 12.5, "width": 1280, "height": 720,
         "created_at": "2026-11-29T10:15:30.123Z", "updated_at": "2026-11-29T10:15:30.123Z",
         "likes_count": .int(likesCount), "liked": .bool(liked)]
    }

    static let perUser = " Absent for anonymous callers (not false)."

    static let schema = Schema.object([
        ("id", Schema.id),
        ("title", Schema.string(1, 200)),
        ("description", Schema.string(nil, 5000)),
        ("url", Schema.describe(Schema.string(1, 500),
                                "`/media/videos/<name>` for an uploaded file (served by nginx with byte ranges), "
                                    + "else the external https URL.")),
        ("uploaded_by", Schema.ref("PublicUser")),
        ("content_type", Schema.describe(Schema.nullable(["type": "string", "enum": [
            "video/mp4", "video/quicktime", "video/webm", "video/x-matroska"]]),
                                         "The type the file's own bytes show; null for an external video.")),
        ("size_bytes", Schema.describe(Schema.nullable(["type": "integer", "minimum": 1]),
                                       "The file's size; null for an external video.")),
        ("duration_seconds", Schema.describe(Schema.nullable(["type": "number", "minimum": 0]),
                                             "Contract addition: the duration the container states (MP4 `mvhd`, "
                                                 + "Matroska Segment Info), in seconds to the millisecond; null when "
                                                 + "it states none, or for an external video.")),
        ("width", Schema.describe(Schema.nullable(["type": "integer", "minimum": 1]),
                                  "Contract addition: the video track's width in pixels (MP4 `tkhd`, Matroska "
                                      + "PixelWidth); null when absent, or for an external video.")),
        ("height", Schema.describe(Schema.nullable(["type": "integer", "minimum": 1]),
                                   "Contract addition: the video track's height in pixels; null as `width`.")),
        ("created_at", Schema.timestamp),
        ("updated_at", Schema.timestamp),
        ("likes_count", Schema.count),
        ("liked", ["type": "boolean", "description": .string("Whether the caller likes the video." + perUser)]),
    ], required: ["id", "title", "description", "url", "uploaded_by", "content_type", "size_bytes", "duration_seconds",
                  "width", "height", "created_at", "updated_at", "likes_count"],
       example: example())
}
