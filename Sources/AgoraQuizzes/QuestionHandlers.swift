import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/quizzes/{quiz_id}/questions/` and `.../questions/{id}/`: authenticated users read (the
/// correct answers only the course's instructor and admins), the instructor or an admin writes.
/// A question of another quiz is 404.
///
/// Positions stay 1..n without gaps. Every change of them runs in a transaction that first locks
/// the quiz row, so two changes of one quiz's questions never interleave; the unique
/// (quiz, position) constraint is checked at commit.
enum QuestionHandlers {
    /// By position, cursor-paginated (the cursor holds the last position shown).
    static func list(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let quizID = try request.id("quiz_id")
        let reveal = caller.mayChange(ownedBy: try context.db.found(Quiz.instructor(quizID)).decode(Int64.self))
        let page = try context.page(request)
        var statement: SQL = "SELECT \(Question.columns) FROM questions qq WHERE qq.quiz_id = \(quizID)"
        if let after = try page.positionInt("position") { statement.append(" AND qq.position > \(after)") }
        statement.append(" ORDER BY qq.position, qq.id LIMIT \(SQL.literal(page.limit + 1))")
        let questions = try context.db.query(statement, as: Question.self)
        return page.page(questions, position: { ["position": .int($0.position)] }) { $0.json(reveal: reveal) }
    }

    static func get(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let path = try Path(request)
        let row = try context.db.found("""
            SELECT \(Question.columns), c.instructor_id
            FROM questions qq JOIN quizzes q ON q.id = qq.quiz_id JOIN courses c ON c.id = q.course_id
            WHERE qq.id = \(path.id) AND qq.quiz_id = \(path.quizID)
            """)
        let question = try Question(row: row)
        return .json(question.json(reveal: caller.mayChange(ownedBy: try row.value("instructor_id"))))
    }

    /// 404, then 403, then the body; inserted at `position` (default: after the last), the
    /// questions from there on moving down one.
    static func create(_ request: Request, _ context: Context) throws -> Response {
        let quizID = try request.id("quiz_id")
        try context.requireOwner(Quiz.instructor(quizID))
        let fields = try QuestionFields.decode(request)
        let question = try context.db.transaction {
            let count = try lockQuiz(quizID, context)
            let position = min(max(fields.position ?? count + 1, 1), count + 1)
            try context.db.execute("""
                UPDATE questions SET position = position + 1 WHERE quiz_id = \(quizID) AND position >= \(position)
                """)
            return try context.db.found("""
                INSERT INTO questions AS qq (quiz_id, position, content, kind, choices, correct_answer)
                VALUES (\(quizID), \(position), \(fields.content), \(fields.kind), \(fields.choices),
                        \(fields.correctAnswer))
                RETURNING \(Question.columns)
                """, as: Question.self)
        }
        return .json(question.json(reveal: true), status: 201)
    }

    /// PUT replaces content, kind, choices and the answer; with `position`, moves the question
    /// there (the questions between shift by one), else it stays. 404, then 403, then the body.
    static func update(_ request: Request, _ context: Context) throws -> Response {
        let path = try Path(request)
        try context.requireOwner(Question.instructor(path.id, quiz: path.quizID))
        let fields = try QuestionFields.decode(request)
        let question = try context.db.transaction {
            let count = try lockQuiz(path.quizID, context)
            let current = try context.db.found("SELECT position FROM questions WHERE id = \(path.id)")
                .decode(Int64.self)
            let position = min(max(fields.position ?? current, 1), max(count, 1))
            if position < current {
                try context.db.execute("""
                    UPDATE questions SET position = position + 1
                    WHERE quiz_id = \(path.quizID) AND position >= \(position) AND position < \(current)
                    """)
            } else if position > current {
                try context.db.execute("""
                    UPDATE questions SET position = position - 1
                    WHERE quiz_id = \(path.quizID) AND position > \(current) AND position <= \(position)
                    """)
            }
            return try context.db.found("""
                UPDATE questions AS qq SET content = \(fields.content), kind = \(fields.kind), choices = \(fields.choices),
                    correct_answer = \(fields.correctAnswer), position = \(position), updated_at = now()
                WHERE qq.id = \(path.id) RETURNING \(Question.columns)
                """, as: Question.self)
        }
        return .json(question.json(reveal: true))
    }

    /// Deletes the question; the later ones move up one.
    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let path = try Path(request)
        try context.requireOwner(Question.instructor(path.id, quiz: path.quizID))
        try context.db.transaction {
            _ = try lockQuiz(path.quizID, context)
            let position = try context.db.found("DELETE FROM questions WHERE id = \(path.id) RETURNING position")
                .decode(Int64.self)
            try context.db.execute("""
                UPDATE questions SET position = position - 1 WHERE quiz_id = \(path.quizID) AND position > \(position)
                """)
        }
        return .noContent
    }

    /// Locks the quiz row for this transaction and returns its question count (404 when the quiz
    /// was deleted meanwhile).
    static func lockQuiz(_ id: Int64, _ context: Context) throws -> Int64 {
        try context.db.found("SELECT questions_count FROM quizzes WHERE id = \(id) FOR UPDATE").decode(Int64.self)
    }

    /// The ids of a question's path.
    struct Path {
        let quizID: Int64
        let id: Int64

        init(_ request: Request) throws {
            quizID = try request.id("quiz_id")
            id = try request.id()
        }
    }
}
