import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// Question `{id, quiz_id, content, kind, choices, correct_answer, position}`. `correct_answer`
/// is in the JSON only for the course's instructor and admins (`json(reveal:)`), never for
/// students.
struct Question: PostgresRecord {
    /// Reads `questions qq` (or the `RETURNING` of a statement on `questions AS qq`).
    static let columns: SQL = "qq.id, qq.quiz_id, qq.content, qq.kind, qq.choices, qq.correct_answer, qq.position"

    let id: Int64
    let quizID: Int64
    let content: String
    let kind: String
    let choices: [String]?
    let correctAnswer: String
    let position: Int64

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.value("id")
        quizID = try row.value("quiz_id")
        content = try row.value("content")
        kind = try row.value("kind")
        choices = try row.value("choices")
        correctAnswer = try row.value("correct_answer")
        position = try row.value("position")
    }

    /// The question; with `correct_answer` only when `reveal` (the caller manages the course).
    func json(reveal: Bool) -> JSON {
        var question: [String: JSON] = [
            "id": .int(id), "quiz_id": .int(quizID), "content": .string(content), "kind": .string(kind),
            "choices": choices.map { .array($0.map(JSON.string)) } ?? .null, "position": .int(position),
        ]
        if reveal { question["correct_answer"] = .string(correctAnswer) }
        return .object(question)
    }

    /// The one-column lookup of the instructor of the course of question `id` in quiz `quizID`; no
    /// row (404) when the question is not in that quiz.
    static func instructor(_ id: Int64, quiz quizID: Int64) -> SQL {
        """
        SELECT c.instructor_id FROM questions qq JOIN quizzes q ON q.id = qq.quiz_id JOIN courses c ON c.id = q.course_id
        WHERE qq.id = \(id) AND qq.quiz_id = \(quizID)
        """
    }

    // MARK: Documentation

    static func example(reveal: Bool = true) -> JSON {
        var question: [String: JSON] = [
            "id": 31, "quiz_id": 12, "content": "Which method does a FastCGI worker loop on?", "kind": "choice",
            "choices": ["FCGX_Accept_r", "accept4", "poll"], "position": 1,
        ]
        if reveal { question["correct_answer"] = "FCGX_Accept_r" }
        return .object(question)
    }

    static let schema = Schema.object([
        ("id", Schema.id),
        ("quiz_id", Schema.id),
        ("content", Schema.string(1, 10_000)),
        ("kind", ["type": "string", "enum": ["choice", "text"]]),
        ("choices", Schema.describe(Schema.nullable(["type": "array", "minItems": 2, "maxItems": 10,
                                                     "items": Schema.string(1, 500)]),
                                    "2-10 choices for `choice`; null for `text`.")),
        ("correct_answer", Schema.string(1, 1000, description: "Only for the course's instructor and admins; absent "
                                         + "for everyone else. For `choice`, one of `choices`.")),
        ("position", Schema.integer(1...Int64(Int32.max), description: "1-based place in the quiz; the list is "
                                    + "ordered by it, and positions stay 1..n without gaps.")),
    ], required: ["id", "quiz_id", "content", "kind", "choices", "position"], example: example())
}
