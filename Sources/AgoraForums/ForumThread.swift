import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Thread `{id, forum_id, title, content, author, created_at, updated_at, posts_count,
/// likes_count, liked, bookmarked}` (API.md 6). `liked` and `bookmarked` are the caller's,
/// computed in the same query, and absent for anonymous callers.
enum ForumThread {
    static let like = UserMark.like(table: "thread_likes", target: "thread_id", counted: "threads")
    static let bookmark = UserMark.bookmark(table: "thread_bookmarks", target: "thread_id")

    /// The select list over `source` (or a CTE named `t` returning `threads.*`); its two `?` are
    /// the caller's id (`callerValues`).
    static let columns = "t.id, t.forum_id, t.title, t.content, t.created_at, t.updated_at, t.posts_count, "
        + "t.likes_count, u.id, u.username, \(like.exists("t.id")), \(bookmark.exists("t.id"))"
    static let joins = "JOIN users u ON u.id = t.author_id"
    static let source = "threads t " + joins

    static func callerValues(_ caller: Caller?) -> [PostgresValue?] {
        [.int(caller?.id), .int(caller?.id)]
    }

    static func json(_ row: PostgresRow, caller: Caller?) throws -> JSON {
        var thread: [String: JSON] = [
            "id": .int(try row.int(0)),
            "forum_id": .int(try row.int(1)),
            "title": .string(try row.string(2)),
            "content": .string(try row.string(3)),
            "created_at": try row.timestampJSON(4),
            "updated_at": try row.timestampJSON(5),
            "posts_count": .int(try row.int(6)),
            "likes_count": .int(try row.int(7)),
            "author": try row.publicUser(at: 8),
        ]
        if caller != nil {
            thread["liked"] = .bool(try row.bool(10))
            thread["bookmarked"] = .bool(try row.bool(11))
        }
        return .object(thread)
    }

    /// title 1–200 and content 1–50 000, both required (POST creates, PUT replaces).
    static func fields(_ request: Request) throws -> (title: String, content: String) {
        var fields = try request.validator()
        let title = fields.string("title", length: 1...200, trim: true)
        let content = fields.string("content", length: 1...50_000, trim: true)
        try fields.finish()
        guard let title, let content else { throw APIError.badRequest("Invalid input.") }
        return (title, content)
    }

    /// The author of thread `id` of forum `forumID`; 404 when there is no such thread in it.
    static func author(_ id: Int64, forum forumID: Int64, _ context: Context) throws -> Int64 {
        try context.db.found("SELECT author_id FROM threads WHERE id = $1 AND forum_id = $2",
                             [.int(id), .int(forumID)]).int(0)
    }
}
