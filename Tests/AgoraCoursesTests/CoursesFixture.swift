import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraCourses

/// The courses function in-process, an admin, and helpers that arrange courses through the routes
/// and quizzes, questions and attempts (another function's tables) with SQL.
struct CoursesFixture {
    let courses: TestFunction
    let admin: TestUser

    init() throws {
        courses = try TestFunction(CoursesFunction.self)
        admin = try courses.user("admin", admin: true)
    }

    func send(_ method: String, _ path: String, query: String = "", body: JSON? = nil, as user: TestUser? = nil)
        -> TestResponse {
        courses.send(method, path, query: query, body: body, as: user)
    }

    func user(_ name: String = "user") throws -> TestUser { try courses.user(name) }

    /// A new course of `instructor`, as the create answered it.
    func course(by instructor: TestUser, title: String = "A course") throws -> JSON {
        let response = send("POST", "/api/courses/", body: ["title": .string(title)], as: instructor)
        try #require(response.status == 201)
        return response.json
    }

    /// The `id` of a created object.
    func id(_ object: JSON) throws -> Int64 { try #require(object["id"]?.intValue) }

    /// A quiz of `course` with `questions` questions (made directly in the database).
    func quiz(in course: Int64, title: String, questions: Int) throws -> Int64 {
        let id = try courses.db.query("INSERT INTO quizzes (course_id, title) VALUES (\(course), \(title)) RETURNING id")
            .first.orNotFound().decode(Int64.self)
        if questions > 0 {
            try courses.db.execute("""
                INSERT INTO questions (quiz_id, position, content, kind, correct_answer)
                SELECT \(id), i, 'Question ' || i, 'text', 'answer' FROM generate_series(1, \(questions)) i
                """)
        }
        return id
    }

    /// An attempt of `user` at `quiz` (made directly in the database).
    func attempt(_ user: TestUser, quiz: Int64, passed: Bool) throws {
        try courses.db.execute("""
            INSERT INTO quiz_attempts (quiz_id, user_id, score, total, passed)
            VALUES (\(quiz), \(user.id), \(passed ? 1 : 0), 1, \(passed))
            """)
    }
}

extension TestResponse {
    /// The ids of a page's results (the courses of a list of enrollments included).
    var ids: [Int64] {
        json["results"]?.arrayValue?.compactMap { $0["id"]?.intValue ?? $0["course"]?["id"]?.intValue } ?? []
    }

    /// The `fields` of the error envelope.
    var fields: JSON? { json["error"]?["fields"] }

    var message: String? { json["error"]?["message"]?.stringValue }
}

extension JSON {
    /// The member names of an object.
    var keys: Set<String> { Set(objectValue.map { Array($0.keys) } ?? []) }
}
