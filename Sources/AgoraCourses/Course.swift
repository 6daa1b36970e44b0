import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Course `{id, title, description, instructor, created_at, updated_at, enrollments_count,
/// enrolled, completed}`. `enrolled` and `completed` are the caller's, read in the same query
/// (one probe of the caller's enrollment per course), and absent for anonymous callers (their
/// columns are NULL then).
struct Course: PostgresRecord {
    /// The select list for an anonymous caller.
    static var columns: SQL { columns(for: nil) }

    /// The select list over `courses c` joined as `joins(for: caller)` (or a CTE named `c` with
    /// the course's columns).
    static func columns(for caller: Caller?) -> SQL {
        let mine: SQL = caller == nil
            ? "NULL::boolean AS enrolled, NULL::boolean AS completed"
            : "me.id IS NOT NULL AS enrolled, me.completed_at IS NOT NULL AS completed"
        return """
            c.id, c.title, c.description, c.created_at, c.updated_at, c.enrollments_count, \
            iu.id AS instructor_id, iu.username AS instructor_username, \(mine)
            """
    }

    /// The instructor, and for a caller their own enrollment in the course (if any).
    static func joins(for caller: Caller?) -> SQL {
        let instructor: SQL = "JOIN users iu ON iu.id = c.instructor_id"
        guard let caller else { return instructor }
        return instructor + " LEFT JOIN enrollments me ON me.course_id = c.id AND me.user_id = \(caller.id)"
    }

    /// What an INSERT or UPDATE of `courses` returns for `columns` (never the tsvector).
    static let returning: SQL = "id, instructor_id, title, description, created_at, updated_at, enrollments_count"

    let id: Int64
    let title: String
    let description: String
    let instructor: PublicUser
    let createdAt: Timestamp
    let updatedAt: Timestamp
    let enrollmentsCount: Int64
    let enrolled: Bool?
    let completed: Bool?

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.value("id")
        title = try row.value("title")
        description = try row.value("description")
        instructor = try row.publicUser(id: "instructor_id", username: "instructor_username")
        createdAt = try row.value("created_at")
        updatedAt = try row.value("updated_at")
        enrollmentsCount = try row.value("enrollments_count")
        enrolled = try row.value("enrolled")
        completed = try row.value("completed")
    }

    var json: JSON {
        var course: [String: JSON] = [
            "id": .int(id), "title": .string(title), "description": .string(description), "instructor": instructor.json,
            "created_at": createdAt.json, "updated_at": updatedAt.json, "enrollments_count": .int(enrollmentsCount),
        ]
        if let enrolled { course["enrolled"] = .bool(enrolled) }
        if let completed { course["completed"] = .bool(completed) }
        return .object(course)
    }

    /// The one-column lookup of a course's instructor (no row: 404).
    static func instructor(_ id: Int64) -> SQL {
        "SELECT instructor_id FROM courses WHERE id = \(id)"
    }

    // MARK: Request fields: each declared once, for validation and for the document.

    static let title = Field.string("title", length: 1...200, trim: true)
        .describe("1-200 characters; surrounding whitespace is trimmed (a blank title is 400).")
    /// Optional: absent is "" (so a PUT without it resets it), JSON null is 400.
    static let description = Field.string("description", length: 0...10_000, trim: true).optional()
        .describe("At most 10 000 characters (default \"\"; a PUT without it resets it); surrounding whitespace is "
                  + "trimmed.")
    /// POST creates, PUT replaces. Other fields are ignored.
    static let body = RequestBody(title, description)

    // MARK: Documentation

    static func example(enrollmentsCount: Int64 = 128, enrolled: Bool = true, completed: Bool = false) -> JSON {
        ["id": 5, "title": "Swift on the server", "description": "FastCGI functions, PostgreSQL and nginx, from scratch.",
         "instructor": ["id": 42, "username": "alice"], "created_at": "2026-11-29T10:15:30.123Z",
         "updated_at": "2026-11-29T10:15:30.123Z", "enrollments_count": .int(enrollmentsCount),
         "enrolled": .bool(enrolled), "completed": .bool(completed)]
    }

    /// The end of the description of a per-user field.
    static let perUser = " The caller's own; absent for anonymous callers (not false)."

    static let schema = Schema.object([
        ("id", Schema.id),
        ("title", Schema.string(1, 200)),
        ("description", Schema.string(nil, 10_000)),
        ("instructor", Schema.describe(Schema.ref("PublicUser"), "The user who created the course.")),
        ("created_at", Schema.timestamp),
        ("updated_at", Schema.timestamp),
        ("enrollments_count", Schema.count),
        ("enrolled", ["type": "boolean", "description": .string("Whether the caller is enrolled." + perUser)]),
        ("completed", ["type": "boolean",
                       "description": .string("Whether the caller completed the course." + perUser)]),
    ], required: ["id", "title", "description", "instructor", "created_at", "updated_at", "enrollments_count"],
       example: example())
}
