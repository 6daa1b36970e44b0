import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Post `{id, thread_id, content, author, created_at, updated_at, likes_count, liked}`. `liked`
/// is the caller's, computed in the same query, and absent for anonymous callers (its column is
/// NULL then).
struct ForumPost: PostgresRecord {
    static let like = UserMark.like(table: "post_likes", target: "post_id", counted: "posts")

    /// The select list for an anonymous caller.
    static var columns: SQL { columns(for: nil) }

    /// The select list over `posts p` joined as `joins` (or a CTE named `p` returning
    /// `posts.*`), with `liked` of `caller`.
    static func columns(for caller: Caller?) -> SQL {
        """
        p.id, p.thread_id, p.content, p.created_at, p.updated_at, p.likes_count, \
        u.id AS author_id, u.username AS author_username, \(like.state("p.id", caller: caller)) AS liked
        """
    }

    static let joins: SQL = "JOIN users u ON u.id = p.author_id"

    let id: Int64
    let threadID: Int64
    let content: String
    let author: PublicUser
    let createdAt: Timestamp
    let updatedAt: Timestamp
    let likesCount: Int64
    let liked: Bool?

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.value("id")
        threadID = try row.value("thread_id")
        content = try row.value("content")
        author = try row.publicUser(id: "author_id", username: "author_username")
        createdAt = try row.value("created_at")
        updatedAt = try row.value("updated_at")
        likesCount = try row.value("likes_count")
        liked = try row.value("liked")
    }

    var json: JSON {
        var post: [String: JSON] = [
            "id": .int(id), "thread_id": .int(threadID), "content": .string(content), "author": author.json,
            "created_at": createdAt.json, "updated_at": updatedAt.json, "likes_count": .int(likesCount),
        ]
        if let liked { post["liked"] = .bool(liked) }
        return .object(post)
    }

    /// The ids of a post's path: forum, thread, post.
    struct Path {
        let forumID: Int64
        let threadID: Int64
        let id: Int64

        init(_ request: Request) throws {
            forumID = try request.id("forum_id")
            threadID = try request.id("thread_id")
            id = try request.id()
        }

        /// The one-column lookup of the post's author; no row (404) unless the post is in that
        /// thread of that forum.
        var author: SQL {
            """
            SELECT p.author_id FROM posts p JOIN threads t ON t.id = p.thread_id
            WHERE p.id = \(id) AND p.thread_id = \(threadID) AND t.forum_id = \(forumID)
            """
        }
    }

    // MARK: Request fields

    /// POST creates, PUT replaces: the content (the same rule as a thread's) is required.
    static let body = RequestBody(ForumThread.content)

    // MARK: Documentation

    static func example(likesCount: Int64 = 1) -> JSON {
        ["id": 99, "thread_id": 17, "content": "Hello!", "author": ["id": 42, "username": "alice"],
         "created_at": "2026-11-29T10:15:30.123Z", "updated_at": "2026-11-29T10:15:30.123Z",
         "likes_count": .int(likesCount), "liked": false]
    }

    static let schema = Schema.object([
        ("id", Schema.id),
        ("thread_id", Schema.id),
        ("content", Schema.string(1, 50_000)),
        ("author", Schema.ref("PublicUser")),
        ("created_at", Schema.timestamp),
        ("updated_at", Schema.timestamp),
        ("likes_count", Schema.count),
        ("liked", ["type": "boolean", "description": .string("Whether the caller likes the post." + ForumThread.perUser)]),
    ], required: ["id", "thread_id", "content", "author", "created_at", "updated_at", "likes_count"],
       example: example())
}
