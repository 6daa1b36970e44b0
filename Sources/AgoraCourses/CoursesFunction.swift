public import AgoraCore
public import AgoraRuntime

/// The `courses` function: `/api/courses/...` (anyone reads, an authenticated user creates and
/// becomes the instructor, the instructor or an admin changes; enrolment and completion), and a
/// user's enrollments under `/api/users/{user_id}/courses/` and `/completed-courses/` (that user
/// or an admin only).
public enum CoursesFunction: FunctionDefinition {
    public static let name = "courses"
    public static let summary = "Courses (anyone reads; an authenticated user creates one and becomes its instructor; "
        + "the instructor or an admin changes it), enrolment and completion, and each user's enrollments (visible "
        + "to that user and admins only)."
    public static let schemas: [String: JSON] = ["Course": Course.schema, "Enrollment": Enrollment.schema]

    public static func routes(_ router: inout Router<Context>) {
        let courses = "/api/courses/"
        router.get(courses, Courses.list, CourseHandlers.list)
        router.post(courses, auth: .required, Courses.create, CourseHandlers.create)
        router.get(courses + "{id}/", Courses.retrieve, CourseHandlers.get)
        router.put(courses + "{id}/", auth: .required, Courses.update, CourseHandlers.update)
        router.delete(courses + "{id}/", auth: .required, Courses.destroy, CourseHandlers.delete)
        router.post(courses + "{id}/enroll/", auth: .required, Courses.enroll, EnrollmentHandlers.enroll)
        router.post(courses + "{id}/completion/", auth: .required, Courses.completion, EnrollmentHandlers.complete)

        let mine = "/api/users/{user_id}/courses/"
        router.get(mine, auth: .required, UserCourses.list, UserCourseHandlers.list)
        router.post(mine, auth: .required, UserCourses.create, UserCourseHandlers.create)
        router.get(mine + "{course_id}/", auth: .required, UserCourses.retrieve, UserCourseHandlers.get)
        router.delete(mine + "{course_id}/", auth: .required, UserCourses.destroy, UserCourseHandlers.delete)
        router.get("/api/users/{user_id}/completed-courses/", auth: .required, UserCourses.completed,
                   UserCourseHandlers.completed)
    }
}
