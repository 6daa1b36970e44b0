import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Comment `{id, video_id, author, content, created_at, updated_at, likes_count, liked}`, oldest
/// first. `liked` is the caller's, computed in the same query, and absent for anonymous callers.
struct VideoComment: PostgresRecord {
    static let like = UserMark.like(table: "video_comment_likes", target: "comment_id", counted: "video_comments")

    static var columns: SQL { columns(for: nil) }

    /// The select list over `video_comments c` joined as `joins` (or a CTE named `c`).
    static func columns(for caller: Caller?) -> SQL {
        """
        c.id, c.video_id, c.content, c.created_at, c.updated_at, c.likes_count, \
        u.id AS author_id, u.username AS author_username, \(like.state("c.id", caller: caller)) AS liked
        """
    }

    static let joins: SQL = "JOIN users u ON u.id = c.author_id"

    let id: Int64
    let videoID: Int64
    let content: String
    let author: PublicUser
    let createdAt: Timestamp
    let updatedAt: Timestamp
    let likesCount: Int64
    let liked: Bool?

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.value("id")
        videoID = try row.value("video_id")
        content = try row.value("content")
        createdAt = try row.value("created_at")
        updatedAt = try row.value("updated_at")
        likesCount = try row.value("likes_count")
        author = try row.publicUser(id: "author_id", username: "author_username")
        liked = try row.value("liked")
    }

    var json: JSON {
        var comment: [String: JSON] = [
            "id": .int(id), "video_id": .int(videoID), "content": .string(content), "author": author.json,
            "created_at": createdAt.json, "updated_at": updatedAt.json, "likes_count": .int(likesCount),
        ]
        if let liked { comment["liked"] = .bool(liked) }
        return .object(comment)
    }

    /// The ids of a comment's path: video, comment.
    struct Path {
        let videoID: Int64
        let id: Int64

        init(_ request: Request) throws {
            videoID = try request.id("video_id")
            id = try request.id()
        }

        /// The author and the video's owner of the comment; no row (404) unless the comment
        /// is on that video.
        var owners: SQL {
            """
            SELECT c.author_id, v.owner_id FROM video_comments c JOIN videos v ON v.id = c.video_id
            WHERE c.id = \(id) AND c.video_id = \(videoID)
            """
        }
    }

    // MARK: Request fields

    static let content = Field.string("content", length: 1...2000, trim: true)
        .describe("1-2000 characters; surrounding whitespace is trimmed.")
    /// POST creates, PUT replaces.
    static let body = RequestBody(content)

    // MARK: Documentation

    static func example(likesCount: Int64 = 1) -> JSON {
        ["id": 99, "video_id": 7, "content": "Nice cat!", "author": ["id": 43, "username": "bob"],
         "created_at": "2026-11-29T10:15:30.123Z", "updated_at": "2026-11-29T10:15:30.123Z",
         "likes_count": .int(likesCount), "liked": false]
    }

    static let schema = Schema.object([
        ("id", Schema.id),
        ("video_id", Schema.id),
        ("content", Schema.string(1, 2000)),
        ("author", Schema.ref("PublicUser")),
        ("created_at", Schema.timestamp),
        ("updated_at", Schema.timestamp),
        ("likes_count", Schema.count),
        ("liked", ["type": "boolean", "description": .string("Whether the caller likes the comment." + Video.perUser)]),
    ], required: ["id", "video_id", "content", "author", "created_at", "updated_at", "likes_count"],
       example: example())
}
