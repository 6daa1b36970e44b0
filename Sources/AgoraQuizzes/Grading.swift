/// The grading rules of an attempt, on the server only: an answer is correct when it equals the
/// question's `correct_answer` after trimming surrounding whitespace and Unicode case folding
/// (for `choice` and `text` questions alike); an unanswered question is wrong; `percent` is
/// 100·score/total rounded half up to two decimals, and the attempt passes when
/// 100·score ≥ pass_mark·total, compared in integers so that no rounding decides a pass.
enum Grading {
    /// One question as grading sees it.
    struct Question: Sendable {
        let id: Int64
        let correctAnswer: String
    }

    /// One question's result, in the quiz's order, with the answer given (nil: unanswered).
    struct Result: Sendable {
        let questionID: Int64
        let answer: String?
        let correct: Bool
    }

    /// A graded attempt.
    struct Outcome: Sendable {
        let score: Int
        let total: Int
        let passed: Bool
        let results: [Result]

        var percent: Double { Grading.percent(score: score, total: total) }
    }

    /// Grades `answers` (by question id) against `questions` (in the quiz's order).
    static func grade(_ answers: [Int64: String], questions: [Question], passMark: Int) -> Outcome {
        var score = 0
        var results: [Result] = []
        results.reserveCapacity(questions.count)
        for question in questions {
            let answer = answers[question.id]
            let correct = answer.map { matches($0, question.correctAnswer) } ?? false
            if correct { score += 1 }
            results.append(Result(questionID: question.id, answer: answer, correct: correct))
        }
        return Outcome(score: score, total: questions.count,
                       passed: passed(score: score, total: questions.count, passMark: passMark), results: results)
    }

    /// Whether `answer` is `expected`, ignoring surrounding whitespace and case.
    static func matches(_ answer: String, _ expected: String) -> Bool {
        normalized(answer) == normalized(expected)
    }

    /// The form answers are compared in: surrounding whitespace (any Unicode white space, so a
    /// pasted no-break space counts too, trimmed scalar by scalar) trimmed, then case-folded.
    static func normalized(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return CaseFolding.fold(String(Substring(scalars[start...end])))
    }

    /// 100·score ≥ pass_mark·total. An empty quiz is never attempted (the handler refuses it).
    static func passed(score: Int, total: Int, passMark: Int) -> Bool {
        100 * score >= passMark * total
    }

    /// 100·score/total rounded half up to two decimals (33.33, 66.67, 100).
    static func percent(score: Int, total: Int) -> Double {
        guard total > 0 else { return 0 }
        let hundredths = (20_000 * score + total) / (2 * total)
        return Double(hundredths) / 100
    }
}
