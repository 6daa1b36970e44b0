public import AgoraCore
public import AgoraRuntime

/// The `quizzes` function: `/api/quizzes/...`, quizzes and their questions (authenticated users
/// read, the course's instructor or an admin writes; correct answers only for them), and
/// attempts, graded on the server (students enrolled in the course, its instructor, admins).
public enum QuizzesFunction: FunctionDefinition {
    public static let name = "quizzes"
    public static let summary = "Quizzes of courses and their questions (authenticated users read; the course's "
        + "instructor or an admin writes, and only they see `correct_answer`), and attempts, graded on the server: "
        + "students enrolled in the course attempt, as may its instructor and admins."
    public static let schemas: [String: JSON] = [
        "Quiz": Quiz.schema,
        "Question": Question.schema,
        "Attempt": Attempt.schema,
        "AttemptResult": Attempt.resultSchema,
    ]

    public static func routes(_ router: inout Router<Context>) {
        let quizzes = "/api/quizzes/"
        router.get(quizzes, auth: .required, Quizzes.list, QuizHandlers.list)
        router.post(quizzes, auth: .required, Quizzes.create, QuizHandlers.create)
        router.get(quizzes + "{id}/", auth: .required, Quizzes.retrieve, QuizHandlers.get)
        router.put(quizzes + "{id}/", auth: .required, Quizzes.update, QuizHandlers.update)
        router.delete(quizzes + "{id}/", auth: .required, Quizzes.destroy, QuizHandlers.delete)
        router.post(quizzes + "{id}/attempt/", auth: .required, Attempts.create, AttemptHandlers.attempt)
        router.get(quizzes + "{id}/attempts/", auth: .required, Attempts.list, AttemptHandlers.list)

        let questions = quizzes + "{quiz_id}/questions/"
        router.get(questions, auth: .required, Questions.list, QuestionHandlers.list)
        router.post(questions, auth: .required, Questions.create, QuestionHandlers.create)
        router.get(questions + "{id}/", auth: .required, Questions.retrieve, QuestionHandlers.get)
        router.put(questions + "{id}/", auth: .required, Questions.update, QuestionHandlers.update)
        router.delete(questions + "{id}/", auth: .required, Questions.destroy, QuestionHandlers.delete)
    }
}
