import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `POST /api/quizzes/{id}/attempt/` (graded on the server) and `GET /api/quizzes/{id}/attempts/`
/// (the caller's own attempts).
enum AttemptHandlers {
    /// 404, then 403 unless the caller is enrolled in the quiz's course (or is its instructor or
    /// an admin), then the body (400, an unknown question id included), then 409 for a quiz
    /// without questions or past `max_attempts`; 201 with the graded attempt.
    static func attempt(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let quizID = try request.id()
        let (passMark, maxAttempts, instructor, enrolled) = try context.db.found("""
            SELECT q.pass_mark, q.max_attempts, c.instructor_id,
                   EXISTS (SELECT 1 FROM enrollments e WHERE e.course_id = q.course_id AND e.user_id = \(caller.id))
            FROM quizzes q JOIN courses c ON c.id = q.course_id WHERE q.id = \(quizID)
            """).decode((Int64, Int64?, Int64, Bool).self)
        guard enrolled || caller.mayChange(ownedBy: instructor) else {
            throw APIError.forbidden("Enrol in this quiz's course to attempt it.")
        }
        let answers = try Attempt.body.decode(request)
        let questions = try context.db.query("""
            SELECT id, correct_answer FROM questions WHERE quiz_id = \(quizID) ORDER BY position
            """).map { row throws(PostgresError) in
                let (id, answer) = try row.decode((Int64, String).self)
                return Grading.Question(id: id, correctAnswer: answer)
            }
        let known = Set(questions.map(\.id))
        let unknown = answers.keys.filter { !known.contains($0) }.sorted()
        guard unknown.isEmpty else {
            let ids = unknown.prefix(10).map(String.init).joined(separator: ", ")
            throw APIError.validation(field: "answers", "Not a question of this quiz: \(ids).")
        }
        guard !questions.isEmpty else { throw APIError.conflict("This quiz has no questions yet.") }
        let outcome = Grading.grade(answers, questions: questions, passMark: Int(passMark))
        guard let (id, submittedAt) = try record(outcome, quiz: quizID, user: caller.id, in: context.db) else {
            let allowed = maxAttempts.map { $0 == 1 ? "1 attempt" : "\($0) attempts" } ?? "its attempts"
            throw APIError.conflict("No attempts left: this quiz allows \(allowed) and you have used them.")
        }
        return .json(Attempt.json(id: id, quizID: quizID, score: outcome.score, total: outcome.total,
                                  passed: outcome.passed, submittedAt: submittedAt, results: Attempt.results(outcome)),
                     status: 201)
    }

    /// Takes an attempt slot and stores the graded attempt with its results, in one statement
    /// (so one transaction): nil when `max_attempts` (read in the same statement) is used up.
    ///
    /// The slot is an upsert of the (quiz, user) count that increments only below the limit. It
    /// locks that row, so of two attempts racing for the last slot the second waits, then sees
    /// the count the first left and takes nothing; the attempt and its results are inserted only
    /// from a slot taken.
    static func record(_ outcome: Grading.Outcome, quiz: Int64, user: Int64, in db: PostgresConnection)
        throws -> (Int64, Timestamp)? {
        try db.query("""
            WITH slot AS (
                INSERT INTO quiz_attempt_counts AS n (quiz_id, user_id, attempts) VALUES (\(quiz), \(user), 1)
                ON CONFLICT (quiz_id, user_id) DO UPDATE SET attempts = n.attempts + 1
                WHERE n.attempts < coalesce((SELECT max_attempts FROM quizzes WHERE id = \(quiz)), 2147483647)
                RETURNING attempts),
            a AS (
                INSERT INTO quiz_attempts (quiz_id, user_id, score, total, passed)
                SELECT \(quiz), \(user), \(outcome.score), \(outcome.total), \(outcome.passed) FROM slot
                RETURNING id, submitted_at),
            r AS (
                INSERT INTO quiz_attempt_answers (attempt_id, position, question_id, answer, correct)
                SELECT a.id, r.position, r.question_id, r.answer, r.correct
                FROM a, jsonb_to_recordset(\(Attempt.stored(outcome))::jsonb)
                     AS r(position integer, question_id bigint, answer text, correct boolean))
            SELECT id, submitted_at FROM a
            """).first?.decode((Int64, Timestamp).self)
    }

    /// The caller's attempts at the quiz, newest first, cursor-paginated (404 for a missing quiz).
    static func list(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let quizID = try request.id()
        _ = try context.db.found("SELECT 1 FROM quizzes WHERE id = \(quizID)")
        let page = try context.page(request)
        var list = ListQuery(table: "quiz_attempts", as: "a", select: Attempt.columns)
        list.filter("a.quiz_id = \(quizID) AND a.user_id = \(caller.id)")
        return try list.page(page, in: context.db, as: Attempt.self) { $0.json }
    }
}
