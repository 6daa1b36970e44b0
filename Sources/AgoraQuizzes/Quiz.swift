import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Quiz `{id, course_id, title, description, pass_mark, max_attempts, questions_count,
/// created_at}`: its select list, its decoding by column name, its JSON, its request fields and
/// its schema, declared together.
struct Quiz: PostgresRecord {
    /// Reads `quizzes q` (or the `RETURNING` of a statement on `quizzes AS q`).
    static let columns: SQL = """
        q.id, q.course_id, q.title, q.description, q.pass_mark, q.max_attempts, q.questions_count, q.created_at
        """

    let id: Int64
    let courseID: Int64
    let title: String
    let description: String
    let passMark: Int64
    let maxAttempts: Int64?
    let questionsCount: Int64
    let createdAt: Timestamp

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.value("id")
        courseID = try row.value("course_id")
        title = try row.value("title")
        description = try row.value("description")
        passMark = try row.value("pass_mark")
        maxAttempts = try row.value("max_attempts")
        questionsCount = try row.value("questions_count")
        createdAt = try row.value("created_at")
    }

    var json: JSON {
        ["id": .int(id), "course_id": .int(courseID), "title": .string(title), "description": .string(description),
         "pass_mark": .int(passMark), "max_attempts": maxAttempts.map(JSON.int) ?? .null,
         "questions_count": .int(questionsCount), "created_at": createdAt.json]
    }

    /// The one-column lookup of the instructor of quiz `id`'s course (no row: 404).
    static func instructor(_ id: Int64) -> SQL {
        "SELECT c.instructor_id FROM quizzes q JOIN courses c ON c.id = q.course_id WHERE q.id = \(id)"
    }

    // MARK: Request fields: each declared once, for validation and for the document.

    static let courseID = Field.id("course_id")
        .describe("The quiz's course; one that does not exist is 400 on `course_id`. The caller must be its instructor "
                  + "or an admin (else 403).")
    static let title = Field.string("title", length: 1...200, trim: true)
        .describe("1-200 characters; surrounding whitespace is trimmed.")
    static let description = Field.string("description", length: 0...10_000, trim: true).optional()
        .describe("At most 10 000 characters (default \"\"; a PUT without it resets it); surrounding whitespace is "
                  + "trimmed.")
    static let passMark = Field.int("pass_mark", range: 0...100).optional()
        .describe("The percentage needed to pass, 0-100 (default 60; a PUT without it resets it). An attempt passes "
                  + "when 100·score ≥ pass_mark·total.")
    static let maxAttempts = Field.int("max_attempts", range: 1...Int64(Int32.max)).nullable()
        .describe("Attempts allowed per user, at least 1; null or absent: unlimited (a PUT without it resets it to "
                  + "unlimited). Lowering it below what a user has used leaves them none.")
    /// POST creates, PUT replaces (`course_id` required by both). Other fields are ignored.
    static let body = RequestBody(courseID, title, description, passMark, maxAttempts)

    // MARK: Documentation

    static func example(questionsCount: Int64 = 10) -> JSON {
        ["id": 12, "course_id": 5, "title": "Week 1: routing", "description": "Ten questions on the router.",
         "pass_mark": 60, "max_attempts": 3, "questions_count": .int(questionsCount),
         "created_at": "2026-11-29T10:15:30.123Z"]
    }

    static let schema = Schema.object([
        ("id", Schema.id),
        ("course_id", Schema.id),
        ("title", Schema.string(1, 200)),
        ("description", Schema.string(nil, 10_000)),
        ("pass_mark", Schema.integer(0...100, description: "The percentage needed to pass.")),
        ("max_attempts", Schema.describe(Schema.nullable(Schema.integer(1...Int64(Int32.max))),
                                         "Attempts allowed per user; null: unlimited.")),
        ("questions_count", Schema.count),
        ("created_at", Schema.timestamp),
    ], example: example())
}
