import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Post `{id, thread_id, content, author, created_at, updated_at, likes_count, liked}` (API.md 6);
/// `liked` is the caller's, computed in the same query, absent for anonymous callers.
enum ForumPost {
    static let like = UserMark.like(table: "post_likes", target: "post_id", counted: "posts")

    /// The select list over `source` (or a CTE named `p` returning `posts.*`); its `?` is the
    /// caller's id.
    static let columns = "p.id, p.thread_id, p.content, p.created_at, p.updated_at, p.likes_count, u.id, u.username, "
        + like.exists("p.id")
    static let joins = "JOIN users u ON u.id = p.author_id"
    static let source = "posts p " + joins

    static func json(_ row: PostgresRow, caller: Caller?) throws -> JSON {
        var post: [String: JSON] = [
            "id": .int(try row.int(0)),
            "thread_id": .int(try row.int(1)),
            "content": .string(try row.string(2)),
            "created_at": try row.timestampJSON(3),
            "updated_at": try row.timestampJSON(4),
            "likes_count": .int(try row.int(5)),
            "author": try row.publicUser(at: 6),
        ]
        if caller != nil { post["liked"] = .bool(try row.bool(8)) }
        return .object(post)
    }

    /// content 1–50 000, required (POST creates, PUT replaces).
    static func content(_ request: Request) throws -> String {
        var fields = try request.validator()
        let content = fields.string("content", length: 1...50_000, trim: true)
        try fields.finish()
        guard let content else { throw APIError.badRequest("Invalid input.") }
        return content
    }

    /// 404 unless thread `threadID` exists in forum `forumID`.
    static func requireThread(_ request: Request, _ context: Context) throws -> Int64 {
        let threadID = try request.id("thread_id")
        _ = try context.db.found("SELECT 1 FROM threads WHERE id = $1 AND forum_id = $2",
                                 [.int(threadID), .int(try request.id("forum_id"))])
        return threadID
    }

    /// The author of the post of the path; 404 unless it is in that thread of that forum.
    static func author(_ request: Request, _ context: Context) throws -> Int64 {
        try context.db.found("""
            SELECT p.author_id FROM posts p JOIN threads t ON t.id = p.thread_id
            WHERE p.id = $1 AND p.thread_id = $2 AND t.forum_id = $3
            """, [.int(try request.id()), .int(try request.id("thread_id")), .int(try request.id("forum_id"))]).int(0)
    }
}
