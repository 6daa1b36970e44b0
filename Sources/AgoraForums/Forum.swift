import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Forum `{id, title, description, threads_count, created_at}`: its select list, its decoding by
/// column name, its JSON, its request fields and its schema, declared together.
struct Forum: PostgresRecord {
    /// Reads `forums f` (or the `RETURNING` of a statement on `forums AS f`).
    static let columns: SQL = "f.id, f.title, f.description, f.threads_count, f.created_at"

    let id: Int64
    let title: String
    let description: String
    let threadsCount: Int64
    let createdAt: Timestamp

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.value("id")
        title = try row.value("title")
        description = try row.value("description")
        threadsCount = try row.value("threads_count")
        createdAt = try row.value("created_at")
    }

    var json: JSON {
        ["id": .int(id), "title": .string(title), "description": .string(description),
         "threads_count": .int(threadsCount), "created_at": createdAt.json]
    }

    /// 404 unless forum `id` exists.
    static func requireExists(_ id: Int64, in db: PostgresConnection) throws {
        _ = try db.found("SELECT 1 FROM forums WHERE id = \(id)")
    }

    // MARK: Request fields: each declared once, for validation and for the document.

    static let title = Field.string("title", length: 1...200, trim: true)
        .describe("1-200 characters; surrounding whitespace is trimmed.")
    /// Optional: absent is "" (so a PUT without it resets it), JSON null is 400.
    static let description = Field.string("description", length: 0...2000, trim: true).optional()
        .describe("At most 2000 characters (default \"\"; a PUT without it resets it); surrounding whitespace is trimmed.")
    /// POST creates, PUT replaces. Other fields are ignored.
    static let body = RequestBody(title, description)

    // MARK: Documentation

    static func example(threadsCount: Int64 = 12) -> JSON {
        ["id": 3, "title": "General", "description": "Anything goes.", "threads_count": .int(threadsCount),
         "created_at": "2026-11-29T10:15:30.123Z"]
    }

    static let schema = Schema.object([
        ("id", Schema.id),
        ("title", Schema.string(1, 200)),
        ("description", Schema.string(nil, 2000)),
        ("threads_count", Schema.count),
        ("created_at", Schema.timestamp),
    ], example: example())
}
