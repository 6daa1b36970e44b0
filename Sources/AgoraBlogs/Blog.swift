import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Blog `{id, title, content, author, created_at, updated_at, views}`: its select list, its
/// decoding by column name, its JSON and its schema, declared together.
struct Blog: PostgresRecord, JSONObjectWritable {
    /// Reads `blogs b` joined as `joins` (or a CTE named `b` with the blog's columns and a
    /// `views` column in `s`).
    static let columns: SQL = """
        b.id, b.title, b.content, b.created_at, b.updated_at, s.views, u.id AS author_id, u.username AS author_username
        """
    static let joins: SQL = "JOIN blog_stats s ON s.blog_id = b.id JOIN users u ON u.id = b.author_id"
    /// What an INSERT or UPDATE of `blogs` returns for `columns` (never the tsvector).
    static let returning: SQL = "id, author_id, title, content, created_at, updated_at"

    let id: Int64
    let title: String
    let content: String
    let createdAt: Timestamp
    let updatedAt: Timestamp
    let views: Int64
    let author: PublicUser

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.value("id")
        title = try row.value("title")
        content = try row.value("content")
        createdAt = try row.value("created_at")
        updatedAt = try row.value("updated_at")
        views = try row.value("views")
        author = try row.publicUser(id: "author_id", username: "author_username")
    }

    func writeMembers(to object: inout JSONObjectWriter) {
        object.member("author", author)
        object.member("content", content)
        object.member("created_at", createdAt)
        object.member("id", id)
        object.member("title", title)
        object.member("updated_at", updatedAt)
        object.member("views", views)
    }

    // MARK: Request fields: each declared once, for validation and for the document.

    static let title = Field.string("title", length: 1...200, trim: true)
        .describe("1-200 characters; surrounding whitespace is trimmed (a blank title is 400).")
    static let content = Field.string("content", length: 1...100_000, trim: true)
        .describe("1-100 000 characters; surrounding whitespace is trimmed.")
    /// POST creates, PUT replaces: both fields required. Other fields are ignored.
    static let body = RequestBody(title, content)

    // MARK: Documentation

    static let example: JSON = [
        "id": 7, "title": "Shipping Swift on the server", "content": "Notes from a year of FastCGI functions.",
        "author": ["id": 42, "username": "alice"], "created_at": "2026-11-29T10:15:30.123Z",
        "updated_at": "2026-11-29T10:15:30.123Z", "views": 12,
    ]

    static let schema = Schema.object([
        ("id", Schema.id),
        ("title", Schema.string(1, 200)),
        ("content", Schema.string(1, 100_000)),
        ("author", Schema.ref("PublicUser")),
        ("created_at", Schema.timestamp),
        ("updated_at", Schema.timestamp),
        ("views", ["type": "integer", "minimum": 0,
                   "description": "Every `GET /api/blogs/{id}/` counts one view (the response includes it); lists do not."]),
    ], example: example)
}
