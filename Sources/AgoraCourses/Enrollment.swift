import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Enrollment `{course, enrolled_at, completed_at}`: a user's enrollment in a course, the course
/// nested as the `Course` object (its `enrolled`/`completed` are the caller's, as everywhere).
struct Enrollment: PostgresRecord {
    static var columns: SQL { columns(for: nil) }

    /// The select list over `enrollments e` joined as `joins(for: caller)`.
    static func columns(for caller: Caller?) -> SQL {
        Course.columns(for: caller) + ", e.enrolled_at, e.completed_at"
    }

    static func joins(for caller: Caller?) -> SQL {
        "JOIN courses c ON c.id = e.course_id " + Course.joins(for: caller)
    }

    let course: Course
    let enrolledAt: Timestamp
    let completedAt: Timestamp?

    init(row: PostgresRow) throws(PostgresError) {
        course = try Course(row: row)
        enrolledAt = try row.value("enrolled_at")
        completedAt = try row.value("completed_at")
    }

    var json: JSON {
        ["course": course.json, "enrolled_at": enrolledAt.json, "completed_at": completedAt.map(\.json) ?? .null]
    }

    /// The enrollment of `user` in `course` as `caller` sees it; nil when there is none.
    static func find(user: Int64, course: Int64, caller: Caller, in db: PostgresConnection) throws -> Enrollment? {
        try db.query("""
            SELECT \(columns(for: caller)) FROM enrollments e \(joins(for: caller))
            WHERE e.course_id = \(course) AND e.user_id = \(user)
            """, as: Enrollment.self).first
    }

    /// Enrols `user` in `course` (which must exist): 201 with the new enrollment, or 200 with the
    /// existing one, unchanged. The count and the answer are read after the insert, so
    /// `enrollments_count` includes it.
    static func enroll(user: Int64, course: Int64, caller: Caller, in db: PostgresConnection) throws -> Response {
        try db.transaction {
            let inserted = try db.query("""
                INSERT INTO enrollments (course_id, user_id) VALUES (\(course), \(user))
                ON CONFLICT (course_id, user_id) DO NOTHING RETURNING id
                """)
            let enrollment = try find(user: user, course: course, caller: caller, in: db).orNotFound()
            return .json(enrollment.json, status: inserted.isEmpty ? 200 : 201)
        }
    }

    // MARK: Documentation

    static func example(completed: Bool = false) -> JSON {
        ["course": Course.example(completed: completed), "enrolled_at": "2026-11-29T10:15:30.123Z",
         "completed_at": completed ? "2026-12-03T08:00:00.000Z" : nil]
    }

    static let schema = Schema.object([
        ("course", Schema.ref("Course")),
        ("enrolled_at", Schema.timestamp),
        ("completed_at", Schema.describe(Schema.nullable(Schema.timestamp),
                                         "When the course was first completed; null until then. Completing again "
                                         + "keeps the first time.")),
    ], example: example())
}
