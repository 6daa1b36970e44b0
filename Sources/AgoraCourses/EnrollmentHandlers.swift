import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `POST /api/courses/{id}/enroll/` and `POST /api/courses/{id}/completion/`: the caller's own
/// enrollment.
enum EnrollmentHandlers {
    /// Idempotent: 201 with the new enrollment, 200 with the existing one.
    static func enroll(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let course = try request.id()
        _ = try context.db.found(Course.instructor(course))
        return try Enrollment.enroll(user: caller.id, course: course, caller: caller, in: context.db)
    }

    /// Marks the caller's enrollment completed: 409 when not enrolled, or when a quiz of the course
    /// that has questions has no passing attempt of the caller (the message names those quizzes);
    /// 200 with the enrollment otherwise. Completing again keeps the first `completed_at`.
    static func complete(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let course = try request.id()
        _ = try context.db.found(Course.instructor(course))
        return try context.db.transaction {
            // Locks the enrollment, so an unenrolment cannot slip between the checks and the update.
            let enrolled = try context.db.query("""
                SELECT id FROM enrollments WHERE course_id = \(course) AND user_id = \(caller.id) FOR UPDATE
                """)
            guard !enrolled.isEmpty else {
                throw APIError.conflict("You are not enrolled in this course: enrol first.")
            }
            let missing = try context.db.query("""
                SELECT q.title FROM quizzes q
                WHERE q.course_id = \(course) AND q.questions_count > 0
                  AND NOT EXISTS (SELECT 1 FROM quiz_attempts a
                                  WHERE a.user_id = \(caller.id) AND a.quiz_id = q.id AND a.passed)
                ORDER BY q.id
                """).map { try $0.decode(String.self) }
            guard missing.isEmpty else { throw incomplete(missing) }
            try context.db.execute("""
                UPDATE enrollments SET completed_at = coalesce(completed_at, now())
                WHERE course_id = \(course) AND user_id = \(caller.id)
                """)
            let enrollment = try Enrollment.find(user: caller.id, course: course, caller: caller, in: context.db)
                .orNotFound()
            return .json(enrollment.json)
        }
    }

    /// The 409 that names the quizzes still to pass (by title, in the course's order).
    static func incomplete(_ titles: [String]) -> APIError {
        let names = titles.map { "\"\($0)\"" }.joined(separator: ", ")
        let noun = titles.count == 1 ? "this quiz" : "these quizzes"
        return APIError.conflict("Pass \(noun) first: \(names).")
    }
}
