import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraQuizzes

/// The grading rules, pure: case folding, trimming, rounding and the pass rule.
struct GradingRuleTests {
    @Test(arguments: [
        ("Straße", "STRASSE"), ("ΣΟΦΟΣ", "σοφος"), ("ﬁle", "FILE"), ("ǅemal", "ǆEMAL"), ("µ", "Μ"),
        ("ſ", "s"), ("ꭰ", "Ꭰ"), ("Ǆ", "ǆ"), ("ÉCOLE", "école"), ("e\u{301}cole", "ÉCOLE"), ("\u{212A}ELVIN", "kelvin"),
    ])
    func matches_IgnoresCaseByUnicodeFolding(_ answer: String, _ expected: String) {
        #expect(Grading.matches(answer, expected))
    }

    @Test(arguments: [("Strasse", "Strase"), ("ı", "i"), ("a", "á"), ("1", "l")])
    func matches_TellsDifferentTextsApart(_ answer: String, _ expected: String) {
        #expect(!Grading.matches(answer, expected))
    }

    @Test(arguments: ["  Paris", "Paris\t", "\n paris \r", "\u{00A0}PARIS\u{2003}"])
    func matches_TrimsSurroundingWhitespace(_ answer: String) {
        #expect(Grading.matches(answer, "Paris"))
    }

    @Test func matches_KeepsInnerWhitespace() {
        #expect(!Grading.matches("New  York", "New York"))
    }

    @Test(arguments: [(1, 3, 33.33), (2, 3, 66.67), (1, 8, 12.5), (1, 6, 16.67), (0, 4, 0.0), (4, 4, 100.0),
                      (5999, 10000, 59.99), (6001, 10000, 60.01)])
    func percent_RoundsHalfUpToTwoDecimals(_ score: Int, _ total: Int, _ percent: Double) {
        #expect(Grading.percent(score: score, total: total) == percent)
    }

    @Test(arguments: [(5999, false), (6000, true), (6001, true)])
    func passed_AtTheBoundaryOfSixtyPercent(_ score: Int, _ passed: Bool) {
        #expect(Grading.passed(score: score, total: 10_000, passMark: 60) == passed)
    }

    @Test func grade_CountsUnansweredQuestionsAsWrong() {
        let questions = [Grading.Question(id: 1, correctAnswer: "a"), Grading.Question(id: 2, correctAnswer: "b")]
        let outcome = Grading.grade([1: "A"], questions: questions, passMark: 50)
        #expect(outcome.score == 1)
        #expect(outcome.total == 2)
        #expect(outcome.passed)
        #expect(outcome.results.map(\.correct) == [true, false])
        #expect(outcome.results.map(\.answer) == ["A", nil])
    }
}

/// The grading rules through `POST /api/quizzes/{id}/attempt/`, against the database.
@Suite(.enabled(if: TestFunction.isAvailable))
struct GradingHandlerTests {
    let fixture: QuizzesFixture

    init() throws { fixture = try QuizzesFixture() }

    @Test func attempt_FoldsCaseAndTrims_ForTextAndChoiceAnswers() throws {
        let teacher = try fixture.user("teacher")
        let student = try fixture.user("student")
        let course = try fixture.course(by: teacher)
        try fixture.enroll(student, in: course)
        let quiz = try fixture.id(try fixture.quiz(in: course, by: teacher))
        let street = try fixture.textQuestion(in: quiz, by: teacher, answer: "Straße")
        let greek = try fixture.textQuestion(in: quiz, by: teacher, answer: "ΣΟΦΟΣ")
        let choice = try fixture.id(try fixture.question(in: quiz, by: teacher, [
            "content": "Pick", "kind": "choice", "choices": ["Œuvre", "Other"], "correct_answer": "œuvre",
        ]))
        let wrong = try fixture.textQuestion(in: quiz, by: teacher, answer: "yes")
        let response = fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: ["answers": [
            "\(street)": "  STRASSE\n", "\(greek)": "σοφος", "\(choice)": " ŒUVRE ", "\(wrong)": "no",
        ]], as: student)
        #expect(response.status == 201)
        #expect(response.json["results"] == .array([street, greek, choice, wrong].enumerated().map { index, id in
            ["question_id": .int(id), "correct": .bool(index < 3)]
        }))
        #expect(response.json["score"] == 3)
        #expect(response.json["total"] == 4)
        #expect(response.json["percent"]?.number == 75)
        #expect(response.json["passed"] == true)
    }

    @Test func attempt_CountsUnansweredQuestionsAsWrong() throws {
        let teacher = try fixture.user("teacher")
        let quiz = try fixture.id(try fixture.quiz(in: try fixture.course(by: teacher), by: teacher))
        let first = try fixture.textQuestion(in: quiz, by: teacher, answer: "a")
        let second = try fixture.textQuestion(in: quiz, by: teacher, answer: "b")
        let response = fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: ["answers": ["\(second)": "B"]],
                                    as: teacher)
        #expect(response.status == 201)
        #expect(response.json["results"] == [["question_id": .int(first), "correct": false],
                                             ["question_id": .int(second), "correct": true]])
        #expect(response.json["percent"]?.number == 50)
        #expect(response.json["passed"] == false)
        let empty = fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: ["answers": [:]], as: teacher)
        #expect(empty.json["score"] == 0)
        #expect(empty.json["percent"]?.number == 0)
    }

    /// 5999, 6000 and 6001 right answers of 10 000 against the default pass mark of 60: 59.99%
    /// fails, 60% and 60.01% pass.
    @Test(arguments: [(5999, 59.99, false), (6000, 60.0, true), (6001, 60.01, true)])
    func attempt_PassMarkBoundary(_ right: Int, _ percent: Double, _ passed: Bool) throws {
        let teacher = try fixture.user("teacher")
        let quiz = try fixture.id(try fixture.quiz(in: try fixture.course(by: teacher), by: teacher))
        let inserted: [Int64] = try fixture.quizzes.db.query("""
            INSERT INTO questions (quiz_id, position, content, kind, correct_answer)
            SELECT \(quiz), i, 'Q' || i, 'text', 'right' FROM generate_series(1, 10000) i RETURNING id
            """).map { try $0.decode(Int64.self) }
        let ids = inserted.sorted()
        var answers: [String: JSON] = [:]
        for (index, id) in ids.enumerated() { answers["\(id)"] = index < right ? " RIGHT " : "wrong" }
        let response = fixture.send("POST", "/api/quizzes/\(quiz)/attempt/", body: ["answers": .object(answers)],
                                    as: teacher)
        #expect(response.status == 201)
        #expect(response.json["score"] == .int(Int64(right)))
        #expect(response.json["total"] == 10_000)
        #expect(response.json["percent"]?.number == percent)
        #expect(response.json["passed"] == .bool(passed))
    }

    @Test func attempt_PassMarkIsCompared_AsAnInclusiveBound() throws {
        let teacher = try fixture.user("teacher")
        let course = try fixture.course(by: teacher)
        for (mark, passed) in [(66, true), (67, false), (0, true)] {
            let quiz = try fixture.id(try fixture.quiz(in: course, by: teacher, ["pass_mark": .int(Int64(mark))]))
            let ids = try (0..<3).map { _ in try fixture.textQuestion(in: quiz, by: teacher, answer: "x") }
            let response = fixture.send("POST", "/api/quizzes/\(quiz)/attempt/",
                                        body: ["answers": ["\(ids[0])": "x", "\(ids[1])": "x"]], as: teacher)
            #expect(response.json["percent"]?.number == 66.67)
            #expect(response.json["passed"] == .bool(passed), "pass mark \(mark)")
        }
    }
}
