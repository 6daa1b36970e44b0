import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/quizzes/` and `/api/quizzes/{id}/`: authenticated users read; the course's instructor
/// or an admin creates, changes and deletes. Deleting a quiz deletes its questions and attempts.
enum QuizHandlers {
    /// Newest first, `?course=<id>`; cursor-paginated.
    static func list(_ request: Request, _ context: Context) throws -> Response {
        let page = try context.page(request)
        let course = try request.query.id("course")
        var list = ListQuery(table: "quizzes", as: "q", select: Quiz.columns)
        if let course { list.filter("q.course_id = \(course)") }
        return try list.page(page, in: context.db, as: Quiz.self) { $0.json }
    }

    static func get(_ request: Request, _ context: Context) throws -> Response {
        let quiz = try context.db.found("SELECT \(Quiz.columns) FROM quizzes q WHERE q.id = \(try request.id())",
                                        as: Quiz.self)
        return .json(quiz.json)
    }

    /// The course is named in the body, so its rule comes as early as the body allows: a valid
    /// `course_id` of a course the caller may not manage is 403 before the other fields are
    /// checked; then every field (400); then a course that does not exist (400 on `course_id`).
    static func create(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        try requireManage(course: try? RequestBody(Quiz.courseID).decode(request), caller, context)
        let (courseID, title, description, passMark, maxAttempts) = try Quiz.body.decode(request)
        try requireCourse(courseID, context)
        let quiz = try context.db.found("""
            INSERT INTO quizzes AS q (course_id, title, description, pass_mark, max_attempts)
            VALUES (\(courseID), \(title), \(description ?? ""), \(passMark ?? 60), \(maxAttempts))
            RETURNING \(Quiz.columns)
            """, as: Quiz.self)
        return .json(quiz.json, status: 201)
    }

    /// PUT replaces every field (`course_id` required; omitted optional fields return to their
    /// defaults). 404, then 403 on the quiz's course, then the body; moving the quiz to another
    /// course needs the right to manage that one too (400 when it does not exist, else 403).
    static func update(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        let caller = try context.requireOwner(Quiz.instructor(id))
        let (courseID, title, description, passMark, maxAttempts) = try Quiz.body.decode(request)
        try requireCourse(courseID, context)
        try requireManage(course: courseID, caller, context)
        let quiz = try context.db.found("""
            UPDATE quizzes AS q SET course_id = \(courseID), title = \(title), description = \(description ?? ""),
                pass_mark = \(passMark ?? 60), max_attempts = \(maxAttempts), updated_at = now()
            WHERE q.id = \(id) RETURNING \(Quiz.columns)
            """, as: Quiz.self)
        return .json(quiz.json)
    }

    /// Deletes the quiz with its questions and attempts (cascades).
    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        try context.requireOwner(Quiz.instructor(id))
        try context.db.execute("DELETE FROM quizzes WHERE id = \(id)")
        return .noContent
    }

    /// 403 unless the caller is an admin or the instructor of `course` (nil, or a course that
    /// does not exist: nothing to check here).
    static func requireManage(course: Int64?, _ caller: Caller, _ context: Context) throws {
        guard let course, !caller.isAdmin else { return }
        let rows = try context.db.query("SELECT instructor_id FROM courses WHERE id = \(course)")
        guard let row = rows.first else { return }
        try caller.requireOwnerOrAdmin(try row.decode(Int64.self))
    }

    /// 400 on `course_id` unless the course exists.
    static func requireCourse(_ course: Int64, _ context: Context) throws {
        guard !(try context.db.query("SELECT 1 FROM courses WHERE id = \(course)")).isEmpty else {
            throw APIError.validation(field: "course_id", "Invalid pk \"\(course)\" - object does not exist.")
        }
    }
}
