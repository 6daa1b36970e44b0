import AgoraCore
import AgoraRuntime

/// The OpenAPI words of every quizzes operation (what the route declarations do not say).
extension QuizzesFunction {
    static let pageError = "`limit` is not an integer in 1-100, or the cursor was edited (`validation_failed` on "
        + "`limit` or `cursor`)."
    static let notInstructor = ErrorDoc(
        403, "The caller is neither the instructor of the quiz's course nor an admin (checked after the 404, before "
            + "the body).")

    enum Quizzes {
        static let id = ParameterDoc.path("id", "The quiz's id.")
        static let bodyDescription = "`id`, `questions_count` and `created_at` are ignored when sent."
        static let bodyExample: JSON = ["course_id": 5, "title": "Week 1: routing",
                                        "description": "Ten questions on the router.", "pass_mark": 60,
                                        "max_attempts": 3]

        static let list = OperationDoc(
            "quizzes_list", "List all quizzes",
            description: "Newest first, cursor-paginated. Any authenticated user may read quizzes.",
            parameters: ParameterDoc.pagination + [
                .query("course", "Only the quizzes of this course id (an unknown id gives an empty list; an empty "
                       + "value is no filter; anything but a positive integer is 400).",
                       schema: QueryParameters.idSchema),
            ],
            responses: [.json(200, "One page of quizzes.", Schema.page(of: Schema.ref("Quiz")),
                              example: ["results": [Quiz.example()], "next": nil])],
            errors: [ErrorDoc(400, "`limit` is not an integer in 1-100, `course` is not a positive integer id, or "
                              + "the cursor was edited (`validation_failed` on that parameter).")])

        static let create = OperationDoc(
            "quizzes_create", "Create a new quiz",
            description: "In the course `course_id`, whose instructor or an admin the caller must be. A valid "
                + "`course_id` of another instructor's course is 403 before the other fields are checked.",
            body: Quiz.body, bodyDescription: bodyDescription, bodyExample: bodyExample,
            responses: [.json(201, "The new quiz (no questions yet).", Schema.ref("Quiz"),
                              example: Quiz.example(questionsCount: 0))],
            errors: [ErrorDoc(403, "`course_id` names a course whose instructor the caller is not, and the caller is "
                              + "not an admin."),
                     ErrorDoc(400, "A field is invalid, or `course_id` names no course (`validation_failed`).",
                              fields: ["course_id": "Invalid pk \"99\" - object does not exist."])])

        static let retrieve = OperationDoc(
            "quizzes_retrieve", "Retrieve a specific quiz", parameters: [id],
            responses: [.json(200, "The quiz.", Schema.ref("Quiz"), example: Quiz.example())])

        static let update = OperationDoc(
            "quizzes_update", "Update a specific quiz",
            description: "Replaces every field: `course_id` and `title` are required, and `description`, `pass_mark` "
                + "and `max_attempts` left out return to their defaults (\"\", 60, unlimited). Moving the quiz to "
                + "another course needs the right to manage both (403 otherwise; 400 when that course does not "
                + "exist). Attempts already graded are not regraded.",
            parameters: [id], body: Quiz.body, bodyDescription: bodyDescription, bodyExample: bodyExample,
            responses: [.json(200, "The updated quiz.", Schema.ref("Quiz"), example: Quiz.example())],
            errors: [ErrorDoc(403, "The caller may not manage the quiz's course (checked after the 404, before the "
                              + "body), or the course it would move to (checked after the body).")])

        static let destroy = OperationDoc(
            "quizzes_destroy", "Delete a specific quiz",
            description: "The course's instructor or an admin only. Deletes the quiz with its questions and every "
                + "attempt at it.",
            parameters: [id], responses: [.noContent("The quiz is deleted.")], errors: [notInstructor])
    }

    enum Attempts {
        static let id = ParameterDoc.path("id", "The quiz's id.")

        static let create = OperationDoc(
            "quizzes_attempt_create", "Attempt a specific quiz",
            description: "Grades the answers on the server and stores the attempt with its per-question results. The "
                + "caller must be enrolled in the quiz's course (its instructor and admins may attempt without "
                + "enrolling). An answer is correct when it equals the question's correct answer after trimming "
                + "surrounding whitespace and Unicode case folding (`Straße` = `STRASSE`), for `choice` (the "
                + "choice's text) and `text` questions alike; unanswered questions are wrong. `percent` is "
                + "100·score/total rounded to two decimals; the attempt passes when 100·score ≥ pass_mark·total. The "
                + "correct answers are never in the response. Two attempts racing for the last allowed one: exactly "
                + "one succeeds.",
            parameters: [id], body: Attempt.body,
            bodyDescription: "Other fields are ignored.", bodyExample: ["answers": ["31": "FCGX_Accept_r", "32": "nginx"]],
            responses: [.json(201, "The graded attempt.", Schema.ref("Attempt"), example: Attempt.example)],
            errors: [ErrorDoc(403, "The caller is not enrolled in the quiz's course and is neither its instructor nor "
                              + "an admin (checked after the 404, before the body)."),
                     ErrorDoc(400, "`answers` is missing or not an object, a value is not a string, or a key is not "
                              + "the id of one of this quiz's questions (`validation_failed` on `answers`).",
                              fields: ["answers": "Not a question of this quiz: 99."]),
                     ErrorDoc(409, "The caller has used every attempt `max_attempts` allows, or the quiz has no "
                              + "questions yet (`conflict`).")])

        static let list = OperationDoc(
            "quizzes_attempts_list", "List my attempts at a quiz",
            description: "An addition to the endpoint list: the caller's own attempts at the quiz, newest first, "
                + "cursor-paginated, each with its per-question results as graded when submitted (never the correct "
                + "answers). Anyone authenticated may list their own; nobody sees another user's attempts here.",
            parameters: [id] + ParameterDoc.pagination,
            responses: [.json(200, "One page of the caller's attempts.", Schema.page(of: Schema.ref("Attempt")),
                              example: ["results": [Attempt.example], "next": nil])],
            errors: [ErrorDoc(400, pageError)])
    }

    enum Questions {
        static let quizID = ParameterDoc.path("quiz_id", "The quiz's id.")
        static let path = [quizID, ParameterDoc.path("id", "The question's id (in that quiz, else 404).")]
        static let bodyDescription = "`id` and `quiz_id` are ignored when sent (a question never moves to another quiz)."
        static let bodyExample: JSON = ["content": "Which call does a FastCGI worker loop on?", "kind": "choice",
                                        "choices": ["FCGX_Accept_r", "accept4", "poll"],
                                        "correct_answer": "FCGX_Accept_r", "position": 1]
        static let reveal = " `correct_answer` is shown only to the course's instructor and admins."
        static let bodyErrors = ErrorDoc(
            400, "A field is invalid, or the fields disagree: a `choice` question without choices, a `text` question "
                + "with choices, or a `correct_answer` that is not one of the choices (`validation_failed`).",
            fields: ["correct_answer": "The correct answer must be one of the choices."])

        static let list = OperationDoc(
            "quizzes_questions_list", "List all questions in a quiz",
            description: "By `position` (then id), cursor-paginated." + reveal,
            parameters: [quizID] + ParameterDoc.pagination,
            responses: [.json(200, "One page of questions.", Schema.page(of: Schema.ref("Question")),
                              example: ["results": [Question.example(reveal: false)], "next": nil])],
            errors: [ErrorDoc(400, pageError)])

        static let create = OperationDoc(
            "quizzes_questions_create", "Create a new question in a quiz",
            description: "The course's instructor or an admin only. Inserted at `position` (default: after the "
                + "last); the questions from there on move down one, so positions stay 1..n.",
            parameters: [quizID], body: QuestionFields.body, bodyDescription: bodyDescription, bodyExample: bodyExample,
            responses: [.json(201, "The new question, with `correct_answer`.", Schema.ref("Question"),
                              example: Question.example())],
            errors: [notInstructor, bodyErrors])

        static let retrieve = OperationDoc(
            "quizzes_questions_retrieve", "Retrieve a specific question", description: String(reveal.dropFirst()),
            parameters: path,
            responses: [.json(200, "The question.", Schema.ref("Question"), example: Question.example(reveal: false))])

        static let update = OperationDoc(
            "quizzes_questions_update", "Update a specific question",
            description: "Replaces content, kind, choices and the correct answer. With `position`, moves the question "
                + "there (the questions between shift by one; past the end means last); without it, the question "
                + "keeps its place. The course's instructor or an admin only. Attempts already graded are not regraded.",
            parameters: path, body: QuestionFields.body, bodyDescription: bodyDescription, bodyExample: bodyExample,
            responses: [.json(200, "The updated question, with `correct_answer`.", Schema.ref("Question"),
                              example: Question.example())],
            errors: [notInstructor, bodyErrors])

        static let destroy = OperationDoc(
            "quizzes_questions_destroy", "Delete a specific question",
            description: "The course's instructor or an admin only. The later questions move up one. Stored attempts "
                + "keep their results.",
            parameters: path, responses: [.noContent("The question is deleted.")], errors: [notInstructor])
    }
}
