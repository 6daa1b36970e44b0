import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/courses/` and `/api/courses/{id}/`: anyone reads, an authenticated user creates (and
/// becomes the instructor), the instructor or an admin changes. Deleting a course deletes its
/// enrollments, quizzes, questions and attempts (cascades).
enum CourseHandlers {
    /// Newest first; `?instructor=<id>`, `?search=<words>` (English full text over title and
    /// description, by relevance then newest); cursor-paginated.
    static func list(_ request: Request, _ context: Context) throws -> Response {
        let page = try context.page(request)
        let instructor = try request.query.id("instructor")
        let words = try request.query.searchText("search")
        var list = ListQuery(table: "courses", as: "c", select: Course.columns(for: context.caller),
                             joins: Course.joins(for: context.caller))
        if let instructor { list.filter("c.instructor_id = \(instructor)") }
        if let words { list.search(words, in: "c.search") }
        return try list.page(page, in: context.db, as: Course.self) { $0.json }
    }

    static func get(_ request: Request, _ context: Context) throws -> Response {
        let course = try context.db.found("""
            SELECT \(Course.columns(for: context.caller)) FROM courses c \(Course.joins(for: context.caller))
            WHERE c.id = \(try request.id())
            """, as: Course.self)
        return .json(course.json)
    }

    /// The caller becomes the instructor (not enrolled: `enrolled` is false).
    static func create(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let (title, description) = try Course.body.decode(request)
        let course = try context.db.found("""
            WITH c AS (INSERT INTO courses (instructor_id, title, description)
                       VALUES (\(caller.id), \(title), \(description ?? "")) RETURNING \(Course.returning))
            SELECT \(Course.columns(for: caller)) FROM c \(Course.joins(for: caller))
            """, as: Course.self)
        return .json(course.json, status: 201)
    }

    /// PUT replaces title and description; 404, then 403, then the body.
    static func update(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        let caller = try context.requireOwner(Course.instructor(id))
        let (title, description) = try Course.body.decode(request)
        let course = try context.db.found("""
            WITH c AS (UPDATE courses SET title = \(title), description = \(description ?? ""), updated_at = now()
                       WHERE id = \(id) RETURNING \(Course.returning))
            SELECT \(Course.columns(for: caller)) FROM c \(Course.joins(for: caller))
            """, as: Course.self)
        return .json(course.json)
    }

    /// Deletes the course with its enrollments, quizzes, questions and attempts (cascades).
    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let id = try request.id()
        try context.requireOwner(Course.instructor(id))
        try context.db.execute("DELETE FROM courses WHERE id = \(id)")
        return .noContent
    }
}
