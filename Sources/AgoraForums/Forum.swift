import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Forum `{id, title, description, threads_count, created_at}` (API.md 6), from `columns` over
/// `forums f` (or `RETURNING` of a statement on `forums AS f`).
enum Forum {
    static let columns = "f.id, f.title, f.description, f.threads_count, f.created_at"

    static func json(_ row: PostgresRow) throws -> JSON {
        [
            "id": .int(try row.int(0)),
            "title": .string(try row.string(1)),
            "description": .string(try row.string(2)),
            "threads_count": .int(try row.int(3)),
            "created_at": try row.timestampJSON(4),
        ]
    }

    /// title 1–200 (required), description ≤ 2000 (default "": PUT resets it when omitted).
    static func fields(_ request: Request) throws -> (title: String, description: String) {
        var fields = try request.validator()
        let title = fields.string("title", length: 1...200, trim: true)
        let description = fields.string("description", required: false, length: 0...2000, trim: true)
        try fields.finish()
        guard let title else { throw APIError.badRequest("Invalid input.") }
        return (title, description ?? "")
    }

    /// 404 unless the forum exists.
    static func requireExists(_ id: Int64, _ context: Context) throws {
        _ = try context.db.found("SELECT 1 FROM forums WHERE id = $1", [.int(id)])
    }
}
