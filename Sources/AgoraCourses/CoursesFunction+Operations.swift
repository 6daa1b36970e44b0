import AgoraCore
import AgoraRuntime

/// The OpenAPI words of every courses operation (what the route declarations do not say).
extension CoursesFunction {
    static let pageError = "`limit` is not an integer in 1-100, or the cursor was edited (`validation_failed` on "
        + "`limit` or `cursor`)."

    enum Courses {
        static let id = ParameterDoc.path("id", "The course's id.")
        static let bodyDescription = "`id`, `instructor`, `enrollments_count`, `created_at` and `updated_at` are "
            + "ignored when sent."
        static let bodyExample: JSON = ["title": "Swift on the server",
                                        "description": "FastCGI functions, PostgreSQL and nginx, from scratch."]
        static let notInstructor = ErrorDoc(
            403, "The caller is neither the course's instructor nor an admin (checked after the 404, before the body).")

        static let list = OperationDoc(
            "courses_list", "List all courses",
            description: "Newest first, cursor-paginated. With `search`, ordered by relevance (title words weigh more "
                + "than description words), then newest. `enrolled` and `completed` are the caller's own (absent "
                + "anonymously).",
            parameters: ParameterDoc.pagination + [
                .query("instructor", "Only the courses of this instructor's user id (an unknown id gives an empty "
                       + "list; an empty value is no filter; anything but a positive integer is 400).",
                       schema: QueryParameters.idSchema),
                .query("search", "Full-text search over title and description with PostgreSQL's English "
                       + "configuration (stemming, stop words): every word must match. Blank is no filter; at most "
                       + "200 characters.", schema: QueryParameters.searchSchema),
            ],
            responses: [.json(200, "One page of courses.", Schema.page(of: Schema.ref("Course")),
                              example: ["results": [Course.example()],
                                        "next": "/api/courses/?cursor=eyJpZCI6NX0.q8Xf2Lw7o0nUuQ6y3k1pZA&limit=20"])],
            errors: [ErrorDoc(400, "`limit` is not an integer in 1-100, `instructor` is not a positive integer id, "
                              + "`search` is longer than 200 characters, or the cursor was edited "
                              + "(`validation_failed` on that parameter).")])

        static let create = OperationDoc(
            "courses_create", "Create a new course",
            description: "The caller becomes the instructor: they manage the course, its quizzes and questions, and "
                + "may attempt its quizzes without enrolling. Creating a course does not enrol its instructor.",
            body: Course.body, bodyDescription: bodyDescription, bodyExample: bodyExample,
            responses: [.json(201, "The new course.", Schema.ref("Course"),
                              example: Course.example(enrollmentsCount: 0, enrolled: false))])

        static let retrieve = OperationDoc(
            "courses_retrieve", "Retrieve a specific course", parameters: [id],
            responses: [.json(200, "The course.", Schema.ref("Course"), example: Course.example())])

        static let update = OperationDoc(
            "courses_update", "Update a specific course",
            description: "Replaces title and description (a description left out becomes \"\"). The instructor or an "
                + "admin only; the instructor does not change.",
            parameters: [id], body: Course.body, bodyDescription: bodyDescription, bodyExample: bodyExample,
            responses: [.json(200, "The updated course.", Schema.ref("Course"), example: Course.example())],
            errors: [notInstructor])

        static let destroy = OperationDoc(
            "courses_destroy", "Delete a specific course",
            description: "The instructor or an admin only. Deletes the course with its enrollments, quizzes, their "
                + "questions and every attempt at them.",
            parameters: [id], responses: [.noContent("The course and everything in it are deleted.")],
            errors: [notInstructor])

        static let enroll = OperationDoc(
            "courses_enroll_create", "Enroll a user in a specific course",
            description: "Enrols the caller. Idempotent: 201 with the new enrollment the first time, 200 with the "
                + "existing one (unchanged, `completed_at` included) after. Any authenticated user may enrol in any "
                + "course, its instructor included. A request body, if any, is ignored.",
            parameters: [id],
            responses: [.json(201, "The caller was enrolled now.", Schema.ref("Enrollment"), example: Enrollment.example()),
                        .json(200, "The caller was already enrolled; nothing changed.", Schema.ref("Enrollment"),
                              example: Enrollment.example())])

        static let completion = OperationDoc(
            "courses_completion_create", "Mark a course as completed",
            description: "Marks the caller's enrollment completed and returns it. Every quiz of the course that has "
                + "questions needs a passing attempt by the caller first (quizzes without questions do not count; an "
                + "attempt counts as it was graded when submitted). Completing again is 200 and keeps the first "
                + "`completed_at`. A request body, if any, is ignored.",
            parameters: [id],
            responses: [.json(200, "The completed enrollment.", Schema.ref("Enrollment"),
                              example: Enrollment.example(completed: true))],
            errors: [ErrorDoc(409, "The caller is not enrolled in the course, or a quiz of the course has no passing "
                              + "attempt by the caller: the message names those quizzes by title, e.g. `Pass these "
                              + "quizzes first: \"Week 1\", \"Week 2\".` (`conflict`).")])
    }

    enum UserCourses {
        static let userID = ParameterDoc.path(
            "user_id", "The user's id: the caller's own, or any user's for an admin (another user's is 403 for "
                + "everyone else, even when that user does not exist).")
        static let courseID = ParameterDoc.path("course_id", "The course's id.")
        static let notThatUser = ErrorDoc(
            403, "The path's user is not the caller and the caller is not an admin (checked before any 404, so that "
                + "the answer does not reveal which users exist).")

        static let list = OperationDoc(
            "users_courses_list", "List all courses for a specific user",
            description: "The user's enrollments (each with its course), newest enrollment first, cursor-paginated. "
                + "Visible to that user and admins only. The nested course's `enrolled` and `completed` are the "
                + "caller's own.",
            parameters: [userID] + ParameterDoc.pagination,
            responses: [.json(200, "One page of enrollments.", Schema.page(of: Schema.ref("Enrollment")),
                              example: ["results": [Enrollment.example()], "next": nil])],
            errors: [notThatUser, ErrorDoc(400, pageError)])

        static let create = OperationDoc(
            "users_courses_create", "Enroll a user in a course",
            description: "Enrols the user in `course_id`, exactly as `POST /api/courses/{id}/enroll/` does for the "
                + "caller: 201 the first time, 200 with the existing enrollment after. A user enrols themselves; an "
                + "admin may enrol anyone.",
            parameters: [userID], body: UserCourseHandlers.body,
            bodyDescription: "Only `course_id` is read; other fields are ignored.", bodyExample: ["course_id": 5],
            responses: [.json(201, "The user was enrolled now.", Schema.ref("Enrollment"), example: Enrollment.example()),
                        .json(200, "The user was already enrolled; nothing changed.", Schema.ref("Enrollment"),
                              example: Enrollment.example())],
            errors: [notThatUser,
                     ErrorDoc(400, "`course_id` is missing, not a positive integer, or names no course "
                              + "(`validation_failed` on `course_id`).",
                              fields: ["course_id": "Invalid pk \"99\" - object does not exist."])])

        static let retrieve = OperationDoc(
            "users_courses_retrieve", "Retrieve specific course details for a user",
            description: "The user's enrollment in the course, with the course. 404 when the user is not enrolled in "
                + "it (or it does not exist).",
            parameters: [userID, courseID],
            responses: [.json(200, "The enrollment.", Schema.ref("Enrollment"), example: Enrollment.example())],
            errors: [notThatUser])

        static let destroy = OperationDoc(
            "users_courses_destroy", "Remove a user from a course",
            description: "Unenrols: deletes the enrollment, `completed_at` included, so re-enrolling starts over. The "
                + "user's quiz attempts are kept (they still count toward `max_attempts` and completion). 404 when "
                + "the user is not enrolled.",
            parameters: [userID, courseID], responses: [.noContent("The user is no longer enrolled.")],
            errors: [notThatUser])

        static let completed = OperationDoc(
            "users_completed_courses_list", "List all completed courses for a user",
            description: "The user's enrollments with `completed_at` set, newest enrollment first, cursor-paginated. "
                + "Visible to that user and admins only.",
            parameters: [userID] + ParameterDoc.pagination,
            responses: [.json(200, "One page of completed enrollments.", Schema.page(of: Schema.ref("Enrollment")),
                              example: ["results": [Enrollment.example(completed: true)], "next": nil])],
            errors: [notThatUser, ErrorDoc(400, pageError)])
    }
}
