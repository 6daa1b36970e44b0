import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraQuizzes

/// The quizzes function in-process: courses and enrollments (another function's tables) are
/// arranged with SQL, quizzes and questions through the routes themselves.
struct QuizzesFixture {
    let quizzes: TestFunction
    let admin: TestUser

    init() throws {
        quizzes = try TestFunction(QuizzesFunction.self)
        admin = try quizzes.user("admin", admin: true)
    }

    func send(_ method: String, _ path: String, query: String = "", body: JSON? = nil, as user: TestUser? = nil)
        -> TestResponse {
        quizzes.send(method, path, query: query, body: body, as: user)
    }

    func user(_ name: String = "user") throws -> TestUser { try quizzes.user(name) }

    /// A course of `instructor`'s, made in the database.
    func course(by instructor: TestUser) throws -> Int64 {
        try quizzes.db.query("INSERT INTO courses (instructor_id, title) VALUES (\(instructor.id), 'C') RETURNING id")
            .first.orNotFound().decode(Int64.self)
    }

    func enroll(_ user: TestUser, in course: Int64) throws {
        try quizzes.db.execute("INSERT INTO enrollments (course_id, user_id) VALUES (\(course), \(user.id))")
    }

    /// A new quiz of `course`, as the create answered it.
    func quiz(in course: Int64, by user: TestUser, _ fields: [String: JSON] = [:]) throws -> JSON {
        var body: [String: JSON] = ["course_id": .int(course), "title": "A quiz"]
        body.merge(fields) { _, new in new }
        let response = send("POST", "/api/quizzes/", body: .object(body), as: user)
        try #require(response.status == 201)
        return response.json
    }

    /// A new question, as the create answered it.
    func question(in quiz: Int64, by user: TestUser, _ body: JSON) throws -> JSON {
        let response = send("POST", "/api/quizzes/\(quiz)/questions/", body: body, as: user)
        try #require(response.status == 201)
        return response.json
    }

    /// A `text` question whose answer is `answer`.
    func textQuestion(in quiz: Int64, by user: TestUser, answer: String, position: Int64? = nil) throws -> Int64 {
        var body: [String: JSON] = ["content": "Q", "kind": "text", "correct_answer": .string(answer)]
        if let position { body["position"] = .int(position) }
        return try id(try question(in: quiz, by: user, .object(body)))
    }

    /// The `id` of a created object.
    func id(_ object: JSON) throws -> Int64 { try #require(object["id"]?.intValue) }

    /// The ids of a quiz's questions in list order, following `next`.
    func order(_ quiz: Int64, as user: TestUser) throws -> [Int64] {
        var ids: [Int64] = []
        var query = "limit=2"
        for _ in 0..<50 {
            let page = send("GET", "/api/quizzes/\(quiz)/questions/", query: query, as: user)
            try #require(page.status == 200)
            ids += page.ids
            guard let next = page.json["next"]?.stringValue else { return ids }
            query = String(try #require(next.split(separator: "?").last))
        }
        return ids
    }
}

extension TestResponse {
    var ids: [Int64] { json["results"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? [] }
    var fields: JSON? { json["error"]?["fields"] }
    var message: String? { json["error"]?["message"]?.stringValue }
}

extension JSON {
    /// A JSON number as a Double, whether it was written as an integer (`60`) or not (`59.99`).
    var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    var keys: Set<String> { Set(objectValue.map { Array($0.keys) } ?? []) }

    /// Whether `key` appears anywhere in this value (objects inside arrays and objects included).
    func contains(key: String) -> Bool {
        switch self {
        case .object(let members): members[key] != nil || members.values.contains { $0.contains(key: key) }
        case .array(let items): items.contains { $0.contains(key: key) }
        default: false
        }
    }
}
