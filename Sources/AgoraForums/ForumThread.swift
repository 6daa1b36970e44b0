import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Thread `{id, forum_id, title, content, author, created_at, updated_at, posts_count,
/// likes_count, liked, bookmarked}`. `liked` and `bookmarked` are the caller's, computed in the
/// same query, and absent for anonymous callers (their columns are NULL then).
struct ForumThread: PostgresRecord {
    static let like = UserMark.like(table: "thread_likes", target: "thread_id", counted: "threads")
    static let bookmark = UserMark.bookmark(table: "thread_bookmarks", target: "thread_id")

    /// The select list for an anonymous caller.
    static var columns: SQL { columns(for: nil) }

    /// The select list over `threads t` joined as `joins` (or a CTE named `t` returning
    /// `threads.*`), with `liked` and `bookmarked` of `caller`.
    static func columns(for caller: Caller?) -> SQL {
        """
        t.id, t.forum_id, t.title, t.content, t.created_at, t.updated_at, t.posts_count, t.likes_count, \
        u.id AS author_id, u.username AS author_username, \
        \(like.state("t.id", caller: caller)) AS liked, \(bookmark.state("t.id", caller: caller)) AS bookmarked
        """
    }

    static let joins: SQL = "JOIN users u ON u.id = t.author_id"

    let id: Int64
    let forumID: Int64
    let title: String
    let content: String
    let author: PublicUser
    let createdAt: Timestamp
    let updatedAt: Timestamp
    let postsCount: Int64
    let likesCount: Int64
    let liked: Bool?
    let bookmarked: Bool?

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.value("id")
        forumID = try row.value("forum_id")
        title = try row.value("title")
        content = try row.value("content")
        author = try row.publicUser(id: "author_id", username: "author_username")
        createdAt = try row.value("created_at")
        updatedAt = try row.value("updated_at")
        postsCount = try row.value("posts_count")
        likesCount = try row.value("likes_count")
        liked = try row.value("liked")
        bookmarked = try row.value("bookmarked")
    }

    var json: JSON {
        var thread: [String: JSON] = [
            "id": .int(id), "forum_id": .int(forumID), "title": .string(title), "content": .string(content),
            "author": author.json, "created_at": createdAt.json, "updated_at": updatedAt.json,
            "posts_count": .int(postsCount), "likes_count": .int(likesCount),
        ]
        if let liked { thread["liked"] = .bool(liked) }
        if let bookmarked { thread["bookmarked"] = .bool(bookmarked) }
        return .object(thread)
    }

    /// The one-column lookup of the author of thread `id` in forum `forumID`; no row (404) when
    /// the thread is not in that forum.
    static func author(_ id: Int64, forum forumID: Int64) -> SQL {
        "SELECT author_id FROM threads WHERE id = \(id) AND forum_id = \(forumID)"
    }

    // MARK: Request fields: each declared once, for validation and for the document.

    static let title = Field.string("title", length: 1...200, trim: true)
        .describe("1-200 characters; surrounding whitespace is trimmed.")
    /// A thread's content, and a post's.
    static let content = Field.string("content", length: 1...50_000, trim: true)
        .describe("1-50 000 characters; surrounding whitespace is trimmed.")
    /// POST creates, PUT replaces (the forum stays): both fields required. Other fields are ignored.
    static let body = RequestBody(title, content)

    // MARK: Documentation

    static func example(postsCount: Int64 = 4, likesCount: Int64 = 2, liked: Bool = true) -> JSON {
        ["id": 17, "forum_id": 3, "title": "Welcome", "content": "Say hello here.",
         "author": ["id": 42, "username": "alice"], "created_at": "2026-11-29T10:15:30.123Z",
         "updated_at": "2026-11-29T10:15:30.123Z", "posts_count": .int(postsCount), "likes_count": .int(likesCount),
         "liked": .bool(liked), "bookmarked": false]
    }

    static let schema = Schema.object([
        ("id", Schema.id),
        ("forum_id", Schema.id),
        ("title", Schema.string(1, 200)),
        ("content", Schema.string(1, 50_000)),
        ("author", Schema.ref("PublicUser")),
        ("created_at", Schema.timestamp),
        ("updated_at", Schema.timestamp),
        ("posts_count", Schema.count),
        ("likes_count", Schema.count),
        ("liked", ["type": "boolean", "description": .string("Whether the caller likes the thread." + perUser)]),
        ("bookmarked", ["type": "boolean", "description": .string("Whether the caller bookmarked it." + perUser)]),
    ], required: ["id", "forum_id", "title", "content", "author", "created_at", "updated_at", "posts_count",
                  "likes_count"],
       example: example())

    /// The end of the description of a per-user field.
    static let perUser = " Absent for anonymous callers (not false)."
}
