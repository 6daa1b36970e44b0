import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraQuizzes

/// `POST /api/quizzes/{id}/attempt/` and `GET /api/quizzes/{id}/attempts/` in-process: who may
/// attempt, the body's rules, `max_attempts`, and what is stored.
@Suite(.enabled(if: TestFunction.isAvailable))
struct AttemptHandlerTests {
    let fixture: QuizzesFixture
    let teacher: TestUser
    let course: Int64

    init() throws {
        fixture = try QuizzesFixture()
        teacher = try fixture.user("teacher")
        course = try fixture.course(by: teacher)
    }

    func quiz(_ fields: [String: JSON] = [:], questions: Int = 2) throws -> (Int64, [Int64]) {
        let quiz = try fixture.id(try fixture.quiz(in: course, by: teacher, fields))
        let ids = try (0..<questions).map { try fixture.textQuestion(in: quiz, by: teacher, answer: "a\($0)") }
        return (quiz, ids)
    }

    @Test func attempt_NeedsAnEnrollment_ButNotForTheInstructorOrAnAdmin() throws {
        let (quiz, ids) = try quiz()
        let student = try fixture.user("student")
        let body: JSON = ["answers": ["\(ids[0])": "a0"]]
        let refused = fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: body, as: student)
        #expect(refused.status == 403)
        #expect(fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: ["answers": 5], as: student).status == 403)
        try fixture.enroll(student, in: course)
        #expect(fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: body, as: student).status == 201)
        #expect(fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: body, as: teacher).status == 201)
        #expect(fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: body, as: fixture.admin).status == 201)
        #expect(fixture.send("POST", "/api/quizzes/999999999999/attempt/", body: body, as: student).status == 404)
        #expect(fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: body).status == 401)
    }

    @Test(arguments: [
        (["answers": ["999999999999": "x"]], "answers"), (["answers": ["abc": "x"]], "answers"),
        (["answers": ["01": "x"]], "answers"), (["answers": .array([])], "answers"), ([:], "answers"),
        (["answers": .null], "answers"),
    ] as [(JSON, String)])
    func attempt_RefusesBadAnswers(_ body: JSON, _ field: String) throws {
        let (quiz, _) = try quiz()
        let response = fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: body, as: teacher)
        #expect(response.status == 400)
        #expect(response.fields?.keys == [field])
    }

    @Test func attempt_RefusesNonStringAnswers_AndQuestionsOfAnotherQuiz() throws {
        let (quiz, ids) = try quiz()
        let (_, others) = try self.quiz()
        for answers: JSON in [["\(ids[0])": 1], ["\(ids[0])": .null], ["\(ids[0])": ["a0"]], ["\(others[0])": "a0"]] {
            let response = fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: ["answers": answers], as: teacher)
            #expect(response.status == 400)
            #expect(response.fields?.keys == ["answers"])
            #expect(!response.json.contains(key: "correct_answer"))
            #expect(!(response.message ?? "").contains("a0"))
        }
    }

    @Test func attempt_PastMaxAttempts_Is409() throws {
        let (quiz, ids) = try quiz(["max_attempts": 2])
        let student = try fixture.user("student")
        try fixture.enroll(student, in: course)
        let body: JSON = ["answers": ["\(ids[1])": "a1"]]
        #expect(fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: body, as: student).status == 201)
        #expect(fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: body, as: student).status == 201)
        let third = fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: body, as: student)
        #expect(third.status == 409)
        #expect(third.message == "No attempts left: this quiz allows 2 attempts and you have used them.")
        #expect(fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: body, as: teacher).status == 201)
    }

    @Test func attempt_AtAQuizWithoutQuestions_Is409() throws {
        let (quiz, _) = try quiz(questions: 0)
        let response = fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: ["answers": [:]], as: teacher)
        #expect(response.status == 409)
    }

    @Test func attempt_IsStoredWithEveryResult_AndListedForItsUserOnly() throws {
        let (quiz, ids) = try quiz()
        let student = try fixture.user("student")
        try fixture.enroll(student, in: course)
        let created = fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: ["answers": ["\(ids[1])": " A1 "]],
                                   as: student)
        #expect(created.status == 201)
        #expect(created.json.keys == ["id", "quiz_id", "score", "total", "percent", "passed", "submitted_at", "results"])
        #expect(!created.json.contains(key: "correct_answer"))
        let stored = try fixture.quizzes.db.query("""
            SELECT answer, correct FROM quiz_attempt_answers WHERE attempt_id = \(try fixture.id(created.json))
            ORDER BY position
            """).map { try $0.decode((String?, Bool).self) }
        #expect(stored.map(\.0) == [nil, " A1 "])
        #expect(stored.map(\.1) == [false, true])
        let mine = fixture.send("GET", "/api/quizzes/\(quiz)/attempts/", as: student)
        #expect(mine.status == 200)
        #expect(mine.json["results"] == [created.json])
        #expect(fixture.send("GET", "/api/quizzes/\(quiz)/attempts/", as: teacher).ids == [])
        #expect(fixture.send("GET", "/api/quizzes/999999999999/attempts/", as: student).status == 404)
    }

    @Test func attempt_KeepsItsResults_WhenAQuestionIsDeletedLater() throws {
        let (quiz, ids) = try quiz()
        let created = fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: ["answers": ["\(ids[0])": "a0"]],
                                   as: teacher)
        #expect(fixture.send("DELETE", "/api/quizzes/\(quiz)/questions/\(ids[0])/", as: teacher).status == 204)
        let listed = fixture.send("GET", "/api/quizzes/\(quiz)/attempts/", as: teacher)
        #expect(listed.json["results"] == [created.json])
    }
}
