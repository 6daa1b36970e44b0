import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Attempt `{id, quiz_id, score, total, percent, passed, submitted_at, results: [{question_id,
/// correct}]}`: a graded attempt as stored. `results` lists every question the quiz had when it
/// was submitted, in the quiz's order; it never shows a correct answer.
struct Attempt: PostgresRecord {
    /// Reads `quiz_attempts a`, its results gathered in the same query.
    static let columns: SQL = """
        a.id, a.quiz_id, a.score, a.total, a.passed, a.submitted_at, \
        (SELECT coalesce(json_agg(json_build_object('question_id', r.question_id, 'correct', r.correct) \
                                  ORDER BY r.position), '[]'::json) \
         FROM quiz_attempt_answers r WHERE r.attempt_id = a.id) AS results
        """

    let id: Int64
    let quizID: Int64
    let score: Int64
    let total: Int64
    let passed: Bool
    let submittedAt: Timestamp
    let results: JSON

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.value("id")
        quizID = try row.value("quiz_id")
        score = try row.value("score")
        total = try row.value("total")
        passed = try row.value("passed")
        submittedAt = try row.value("submitted_at")
        results = try row.value("results")
    }

    var json: JSON {
        Attempt.json(id: id, quizID: quizID, score: Int(score), total: Int(total), passed: passed,
                     submittedAt: submittedAt, results: results)
    }

    static func json(id: Int64, quizID: Int64, score: Int, total: Int, passed: Bool, submittedAt: Timestamp,
                     results: JSON) -> JSON {
        ["id": .int(id), "quiz_id": .int(quizID), "score": .int(Int64(score)), "total": .int(Int64(total)),
         "percent": .double(Grading.percent(score: score, total: total)), "passed": .bool(passed),
         "submitted_at": submittedAt.json, "results": results]
    }

    /// What the response shows of each result: the question and whether the answer was right.
    static func results(_ outcome: Grading.Outcome) -> JSON {
        .array(outcome.results.map { ["question_id": .int($0.questionID), "correct": .bool($0.correct)] })
    }

    /// What is stored of each result, for `jsonb_to_recordset`: also the place and the answer given.
    static func stored(_ outcome: Grading.Outcome) -> JSON {
        .array(outcome.results.enumerated().map { place, result in
            ["position": .int(Int64(place + 1)), "question_id": .int(result.questionID),
             "answer": result.answer.map(JSON.string) ?? .null, "correct": .bool(result.correct)]
        })
    }

    // MARK: Request fields

    /// `{"<question_id>": "<answer>"}`: keys are ids of the quiz's questions (an unknown one is
    /// 400), values strings (a choice's text for `choice`). Unanswered questions count as wrong.
    static let answers = Field<[Int64: String]>(name: "answers", required: true, schema: [
        "type": "object",
        "propertyNames": ["pattern": "^[1-9][0-9]{0,18}$"],
        "additionalProperties": Schema.string(nil, 10_000, pattern: "^[^\\u0000]*$"),
        "description": .string("The answers by question id: `{\"31\": \"FCGX_Accept_r\", \"32\": \"nginx\"}`. Keys "
            + "are ids of this quiz's questions (another id is 400 on `answers`); values are strings of at most "
            + "10 000 characters (a `choice` answer is the choice's text). Questions left out count as wrong."),
        "examples": [["31": "FCGX_Accept_r", "32": "nginx"]],
    ]) { validator in
        guard let members = validator.object("answers") else { return nil }
        var answers: [Int64: String] = [:]
        for (key, value) in members {
            guard let id = PathID.parse(key) else {
                validator.fail("answers", "Every key must be a question id (a positive integer).")
                return nil
            }
            guard case .string(let text) = value else {
                validator.fail("answers", "Every answer must be a string.")
                return nil
            }
            guard !text.unicodeScalars.contains("\u{0}"), text.unicodeScalars.count <= 10_000 else {
                validator.fail("answers", "Every answer must have at most 10 000 characters and no null characters.")
                return nil
            }
            answers[id] = text
        }
        return answers
    }

    static let body = RequestBody(answers)

    // MARK: Documentation

    static let example: JSON = [
        "id": 77, "quiz_id": 12, "score": 2, "total": 3, "percent": 66.67, "passed": true,
        "submitted_at": "2026-11-29T10:15:30.123Z",
        "results": [["question_id": 31, "correct": true], ["question_id": 32, "correct": true],
                    ["question_id": 33, "correct": false]],
    ]

    static let schema = Schema.object([
        ("id", Schema.id),
        ("quiz_id", Schema.id),
        ("score", Schema.describe(Schema.count, "Questions answered correctly.")),
        ("total", Schema.describe(Schema.count, "Questions in the quiz when the attempt was submitted.")),
        ("percent", ["type": "number", "minimum": 0, "maximum": 100,
                     "description": "100·score/total, rounded half up to two decimals."]),
        ("passed", ["type": "boolean", "description": "Whether 100·score ≥ pass_mark·total."]),
        ("submitted_at", Schema.timestamp),
        ("results", ["type": "array", "items": Schema.ref("AttemptResult"),
                     "description": "Every question of the quiz, in its order. Correct answers are never shown."]),
    ], example: example)

    static let resultSchema = Schema.object([
        ("question_id", Schema.id),
        ("correct", Schema.boolean),
    ], example: ["question_id": 31, "correct": true])
}
