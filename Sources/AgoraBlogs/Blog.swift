import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Blog `{id, title, content, author, created_at, updated_at, views}` (API.md 5), read from
/// `columns` over `source`, or over a CTE named `b` that returns the blog's columns.
enum Blog {
    static let columns = "b.id, b.title, b.content, b.created_at, b.updated_at, s.views, u.id, u.username"
    static let joins = "JOIN blog_stats s ON s.blog_id = b.id JOIN users u ON u.id = b.author_id"
    static let source = "blogs b " + joins
    /// What an INSERT or UPDATE of `blogs` returns for `columns` (never the tsvector).
    static let returning = "id, author_id, title, content, created_at, updated_at"

    static func json(_ row: PostgresRow) throws -> JSON {
        [
            "id": .int(try row.int(0)),
            "title": .string(try row.string(1)),
            "content": .string(try row.string(2)),
            "created_at": try row.timestampJSON(3),
            "updated_at": try row.timestampJSON(4),
            "views": .int(try row.int(5)),
            "author": try row.publicUser(at: 6),
        ]
    }

    /// The writable fields, both required (POST creates, PUT replaces): title 1–200 and content
    /// 1–100 000 characters, trimmed as DRF's CharField does. Other fields are ignored.
    static func fields(_ request: Request) throws -> (title: String, content: String) {
        var fields = try request.validator()
        let title = fields.string("title", length: 1...200, trim: true)
        let content = fields.string("content", length: 1...100_000, trim: true)
        try fields.finish()
        guard let title, let content else { throw APIError.badRequest("Invalid input.") }
        return (title, content)
    }
}
