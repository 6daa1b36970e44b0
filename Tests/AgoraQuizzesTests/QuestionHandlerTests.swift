import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraQuizzes

/// `/api/quizzes/{quiz_id}/questions/...` in-process: the rules between fields, positions, and
/// who sees the correct answer.
@Suite(.enabled(if: TestFunction.isAvailable))
struct QuestionHandlerTests {
    let fixture: QuizzesFixture
    let teacher: TestUser
    let quiz: Int64

    init() throws {
        fixture = try QuizzesFixture()
        teacher = try fixture.user("teacher")
        quiz = try fixture.id(try fixture.quiz(in: try fixture.course(by: teacher), by: teacher))
    }

    var path: String { "/api/quizzes/\(quiz)/questions/" }

    @Test(arguments: [
        (["kind": "choice", "choices": ["only"], "correct_answer": "only"], "choices"),
        (["kind": "choice", "choices": .array((1...11).map { .string("c\($0)") }), "correct_answer": "c1"], "choices"),
        (["kind": "choice", "choices": ["Yes", " yes "], "correct_answer": "Yes"], "choices"),
        (["kind": "choice", "choices": ["a", "  "], "correct_answer": "a"], "choices"),
        (["kind": "choice", "choices": ["a", 2], "correct_answer": "a"], "choices"),
        (["kind": "choice", "correct_answer": "a"], "choices"),
        (["kind": "choice", "choices": .null, "correct_answer": "a"], "choices"),
        (["kind": "choice", "choices": ["a", "b"], "correct_answer": "c"], "correct_answer"),
        (["kind": "text", "choices": ["a", "b"], "correct_answer": "a"], "choices"),
        (["kind": "text", "correct_answer": "   "], "correct_answer"),
        (["kind": "essay", "correct_answer": "a"], "kind"),
        (["kind": "text", "correct_answer": "a", "position": 0], "position"),
    ] as [(JSON, String)])
    func create_RefusesBadQuestions(_ fields: JSON, _ field: String) throws {
        var body = fields.objectValue ?? [:]
        body["content"] = "What?"
        let response = fixture.send("POST", path, body: .object(body), as: teacher)
        #expect(response.status == 400)
        #expect(response.fields?.keys == [field])
        #expect(!response.json.contains(key: "correct_answer") || field == "correct_answer")
    }

    @Test func create_StoresTheMatchingChoicesOwnText() throws {
        let question = try fixture.question(in: quiz, by: teacher, [
            "content": " Capital? ", "kind": "choice", "choices": [" Paris ", "Lyon"], "correct_answer": "PARIS",
        ])
        #expect(question["content"] == "Capital?")
        #expect(question["choices"] == ["Paris", "Lyon"])
        #expect(question["correct_answer"] == "Paris")
        #expect(question["position"] == 1)
        let text = try fixture.question(in: quiz, by: teacher, ["content": "Say", "kind": "text",
                                                                "correct_answer": "hi", "choices": .null])
        #expect(text["choices"] == .null)
        #expect(text["position"] == 2)
    }

    @Test func choices_RoundTripQuotesBracesBackslashesAndCommas() throws {
        let choices: [JSON] = ["a \"quoted\", {braced}", "back\\slash", "NULL", "ünï, çødé 🎓"]
        let question = try fixture.question(in: quiz, by: teacher, [
            "content": "Odd", "kind": "choice", "choices": .array(choices), "correct_answer": "null",
        ])
        #expect(question["choices"] == .array(choices))
        #expect(question["correct_answer"] == "NULL")
        #expect(fixture.send("GET", path + "\(try fixture.id(question))/", as: teacher).json == question)
    }

    @Test func correctAnswer_IsOnlyForTheInstructorAndAdmins() throws {
        let id = try fixture.textQuestion(in: quiz, by: teacher, answer: "secret")
        let student = try fixture.user("student")
        for response in [fixture.send("GET", path, as: student), fixture.send("GET", path + "\(id)/", as: student)] {
            #expect(response.status == 200)
            #expect(!response.json.contains(key: "correct_answer"))
        }
        #expect(fixture.send("GET", path + "\(id)/", as: teacher).json["correct_answer"] == "secret")
        #expect(fixture.send("GET", path, as: fixture.admin).json["results"]?.arrayValue?.first?["correct_answer"]
                == "secret")
    }

    @Test func aStudent_MayNotWriteQuestions_403AfterThe404() throws {
        let id = try fixture.textQuestion(in: quiz, by: teacher, answer: "a")
        let student = try fixture.user("student")
        let body: JSON = ["content": "Q", "kind": "text", "correct_answer": "b"]
        #expect(fixture.send("POST", path, body: body, as: student).status == 403)
        #expect(fixture.send("POST", path, body: [:], as: student).status == 403)
        #expect(fixture.send("PUT", path + "\(id)/", body: body, as: student).status == 403)
        #expect(fixture.send("DELETE", path + "\(id)/", as: student).status == 403)
        #expect(fixture.send("POST", "/api/quizzes/999999999999/questions/", body: [:], as: student).status == 404)
        #expect(fixture.send("PUT", path + "999999999999/", body: body, as: student).status == 404)
        #expect(fixture.send("GET", path + "\(id)/").status == 401)
    }

    @Test func aQuestionOfAnotherQuiz_Is404() throws {
        let id = try fixture.textQuestion(in: quiz, by: teacher, answer: "a")
        let other = try fixture.id(try fixture.quiz(in: try fixture.course(by: teacher), by: teacher))
        #expect(fixture.send("GET", "/api/quizzes/\(other)/questions/\(id)/", as: teacher).status == 404)
        #expect(fixture.send("DELETE", "/api/quizzes/\(other)/questions/\(id)/", as: teacher).status == 404)
    }

    @Test func positions_StayOneToNWithoutGaps_ThroughInsertsMovesAndDeletes() throws {
        let a = try fixture.textQuestion(in: quiz, by: teacher, answer: "a")
        let b = try fixture.textQuestion(in: quiz, by: teacher, answer: "b")
        let c = try fixture.textQuestion(in: quiz, by: teacher, answer: "c", position: 1)
        #expect(try fixture.order(quiz, as: teacher) == [c, a, b])
        let d = try fixture.textQuestion(in: quiz, by: teacher, answer: "d", position: 99)
        #expect(try fixture.order(quiz, as: teacher) == [c, a, b, d])
        let e = try fixture.textQuestion(in: quiz, by: teacher, answer: "e", position: 3)
        #expect(try fixture.order(quiz, as: teacher) == [c, a, e, b, d])
        let body: JSON = ["content": "Q", "kind": "text", "correct_answer": "c", "position": 4]
        #expect(fixture.send("PUT", path + "\(c)/", body: body, as: teacher).json["position"] == 4)
        #expect(try fixture.order(quiz, as: teacher) == [a, e, b, c, d])
        let up: JSON = ["content": "Q", "kind": "text", "correct_answer": "d", "position": 2]
        #expect(fixture.send("PUT", path + "\(d)/", body: up, as: teacher).status == 200)
        #expect(try fixture.order(quiz, as: teacher) == [a, d, e, b, c])
        let last: JSON = ["content": "Q", "kind": "text", "correct_answer": "a", "position": 1000]
        #expect(fixture.send("PUT", path + "\(a)/", body: last, as: teacher).json["position"] == 5)
        let stay: JSON = ["content": "Changed", "kind": "text", "correct_answer": "e"]
        #expect(fixture.send("PUT", path + "\(e)/", body: stay, as: teacher).json["position"] == 2)
        #expect(fixture.send("DELETE", path + "\(b)/", as: teacher).status == 204)
        #expect(try fixture.order(quiz, as: teacher) == [d, e, c, a])
        let positions = fixture.send("GET", path, as: teacher).json["results"]?.arrayValue?.map { $0["position"] }
        #expect(positions == [1, 2, 3, 4])
        #expect(fixture.send("GET", "/api/quizzes/\(quiz)/", as: teacher).json["questions_count"] == 4)
    }
}
