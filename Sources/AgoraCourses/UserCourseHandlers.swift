import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/users/{user_id}/courses/...` and `/api/users/{user_id}/completed-courses/`: a user's
/// enrollments, visible to and changed by that user and admins only.
enum UserCourseHandlers {
    /// The user's enrollments, newest enrollment first, cursor-paginated.
    static func list(_ request: Request, _ context: Context) throws -> Response {
        try page(request, context, completedOnly: false)
    }

    /// The user's completed enrollments, in the same order.
    static func completed(_ request: Request, _ context: Context) throws -> Response {
        try page(request, context, completedOnly: true)
    }

    static func page(_ request: Request, _ context: Context, completedOnly: Bool) throws -> Response {
        let (userID, caller) = try requireUser(request, context)
        let page = try context.page(request)
        var list = ListQuery(table: "enrollments", as: "e", select: Enrollment.columns(for: caller),
                             joins: Enrollment.joins(for: caller))
        list.filter("e.user_id = \(userID)")
        if completedOnly { list.filter("e.completed_at IS NOT NULL") }
        return try list.page(page, in: context.db, as: Enrollment.self) { $0.json }
    }

    /// Enrols the user in `course_id` (the same as `POST /api/courses/{id}/enroll/` for them):
    /// 201 the first time, 200 after; a course that does not exist is 400 on `course_id`.
    static func create(_ request: Request, _ context: Context) throws -> Response {
        let (userID, caller) = try requireUser(request, context)
        let courseID = try body.decode(request)
        guard !(try context.db.query(Course.instructor(courseID))).isEmpty else {
            throw APIError.validation(field: "course_id", "Invalid pk \"\(courseID)\" - object does not exist.")
        }
        return try Enrollment.enroll(user: userID, course: courseID, caller: caller, in: context.db)
    }

    /// The user's enrollment in one course; 404 when they are not enrolled (or the course does
    /// not exist).
    static func get(_ request: Request, _ context: Context) throws -> Response {
        let (userID, caller) = try requireUser(request, context)
        let enrollment = try Enrollment.find(user: userID, course: try request.id("course_id"), caller: caller,
                                             in: context.db).orNotFound()
        return .json(enrollment.json)
    }

    /// Unenrols: deletes the enrollment (re-enrolling starts over, without `completed_at`). The
    /// user's quiz attempts stay. 404 when they are not enrolled.
    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let (userID, _) = try requireUser(request, context)
        let deleted = try context.db.execute("""
            DELETE FROM enrollments WHERE course_id = \(try request.id("course_id")) AND user_id = \(userID)
            """)
        guard deleted > 0 else { throw APIError.notFound }
        return .noContent
    }

    /// Another user's path is 403 for a non-admin even when that user does not exist, so the
    /// answer does not reveal which ids exist: the rule is checked on the path id first. For the
    /// user themselves or an admin, a user that does not exist is then 404.
    static func requireUser(_ request: Request, _ context: Context) throws -> (Int64, Caller) {
        let caller = try context.requireCaller()
        let userID = try request.id("user_id")
        try caller.requireOwnerOrAdmin(userID)
        if userID != caller.id { _ = try context.db.found("SELECT 1 FROM users WHERE id = \(userID)") }
        return (userID, caller)
    }

    static let courseID = Field.id("course_id")
        .describe("The course to enrol the user in; one that does not exist is 400 on `course_id`.")
    static let body = RequestBody(courseID)
}
