import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraCourses

/// Enrolment, completion and `/api/users/{user_id}/courses/...` in-process.
@Suite(.enabled(if: TestFunction.isAvailable))
struct EnrollmentTests {
    let fixture: CoursesFixture

    init() throws { fixture = try CoursesFixture() }

    @Test func enroll_Is201ThenIdempotent200_AndCountsOnce() throws {
        let course = try fixture.id(try fixture.course(by: try fixture.user("teacher")))
        let student = try fixture.user("student")
        let first = fixture.send("POST", "/api/courses/\(course)/enroll/", as: student)
        #expect(first.status == 201)
        #expect(first.json.keys == ["course", "enrolled_at", "completed_at"])
        #expect(first.json["completed_at"] == .null)
        #expect(first.json["course"]?["enrollments_count"] == 1)
        #expect(first.json["course"]?["enrolled"] == true)
        let again = fixture.send("POST", "/api/courses/\(course)/enroll/", as: student)
        #expect(again.status == 200)
        #expect(again.json == first.json)
        #expect(fixture.send("POST", "/api/courses/999999999999/enroll/", as: student).status == 404)
        #expect(fixture.send("POST", "/api/courses/\(course)/enroll/").status == 401)
    }

    @Test func completion_WhenNotEnrolled_Is409() throws {
        let course = try fixture.id(try fixture.course(by: try fixture.user("teacher")))
        let response = fixture.send("POST", "/api/courses/\(course)/completion/", as: try fixture.user())
        #expect(response.status == 409)
        #expect(response.errorCode == "conflict")
    }

    @Test func completion_NamesTheQuizzesWithoutAPassingAttempt_ThenKeepsTheFirstTime() throws {
        let course = try fixture.id(try fixture.course(by: try fixture.user("teacher")))
        let student = try fixture.user("student")
        _ = fixture.send("POST", "/api/courses/\(course)/enroll/", as: student)
        let week1 = try fixture.quiz(in: course, title: "Week 1", questions: 2)
        let week2 = try fixture.quiz(in: course, title: "Week 2", questions: 1)
        _ = try fixture.quiz(in: course, title: "Empty", questions: 0)
        try fixture.attempt(student, quiz: week2, passed: false)
        let refused = fixture.send("POST", "/api/courses/\(course)/completion/", as: student)
        #expect(refused.status == 409)
        #expect(refused.message == "Pass these quizzes first: \"Week 1\", \"Week 2\".")
        try fixture.attempt(student, quiz: week1, passed: true)
        try fixture.attempt(student, quiz: week2, passed: true)
        let done = fixture.send("POST", "/api/courses/\(course)/completion/", as: student)
        #expect(done.status == 200)
        let completedAt = try #require(done.json["completed_at"]?.stringValue)
        #expect(done.json["course"]?["completed"] == true)
        let again = fixture.send("POST", "/api/courses/\(course)/completion/", as: student)
        #expect(again.status == 200)
        #expect(again.json["completed_at"]?.stringValue == completedAt)
    }

    @Test func usersCourses_AreForThatUserAndAdmins_403EvenForMissingUsers() throws {
        let course = try fixture.id(try fixture.course(by: try fixture.user("teacher")))
        let student = try fixture.user("student")
        let other = try fixture.user("other")
        let mine = "/api/users/\(student.id)/courses/"
        #expect(fixture.send("POST", mine, body: ["course_id": .int(course)], as: student).status == 201)
        #expect(fixture.send("GET", mine, as: other).status == 403)
        #expect(fixture.send("POST", mine, body: ["course_id": .int(course)], as: other).status == 403)
        #expect(fixture.send("GET", mine + "\(course)/", as: other).status == 403)
        #expect(fixture.send("DELETE", mine + "\(course)/", as: other).status == 403)
        #expect(fixture.send("GET", "/api/users/\(student.id)/completed-courses/", as: other).status == 403)
        #expect(fixture.send("GET", "/api/users/999999999999/courses/", as: other).status == 403)
        #expect(fixture.send("GET", "/api/users/999999999999/courses/", as: fixture.admin).status == 404)
        #expect(fixture.send("GET", mine).status == 401)
        let listed = fixture.send("GET", mine, as: fixture.admin)
        #expect(listed.status == 200)
        #expect(listed.ids == [course])
        #expect(listed.json["results"]?.arrayValue?.first?["course"]?["enrolled"] == false)  // the caller's own, not the user's
    }

    @Test func usersCourses_Create_IsIdempotent_AndABodyCourseThatDoesNotExistIs400() throws {
        let course = try fixture.id(try fixture.course(by: try fixture.user("teacher")))
        let student = try fixture.user("student")
        let path = "/api/users/\(student.id)/courses/"
        #expect(fixture.send("POST", path, body: ["course_id": .int(course)], as: fixture.admin).status == 201)
        #expect(fixture.send("POST", path, body: ["course_id": .int(course)], as: student).status == 200)
        #expect(fixture.send("POST", path, body: ["course_id": 999999999999], as: student).fields?.keys == ["course_id"])
        #expect(fixture.send("POST", path, body: ["course_id": "1"], as: student).fields?.keys == ["course_id"])
        #expect(fixture.send("POST", path, body: [:], as: student).fields?.keys == ["course_id"])
    }

    @Test func usersCourses_RetrieveAndUnenroll_ThenReEnrollingStartsOver() throws {
        let course = try fixture.id(try fixture.course(by: try fixture.user("teacher")))
        let student = try fixture.user("student")
        let path = "/api/users/\(student.id)/courses/\(course)/"
        #expect(fixture.send("GET", path, as: student).status == 404)
        _ = fixture.send("POST", "/api/courses/\(course)/enroll/", as: student)
        #expect(fixture.send("POST", "/api/courses/\(course)/completion/", as: student).status == 200)
        #expect(fixture.send("GET", path, as: student).json["completed_at"]?.stringValue != nil)
        #expect(fixture.send("GET", "/api/users/\(student.id)/completed-courses/", as: student).ids == [course])
        #expect(fixture.send("DELETE", path, as: student).status == 204)
        #expect(fixture.send("DELETE", path, as: student).status == 404)
        #expect(fixture.send("GET", "/api/courses/\(course)/").json["enrollments_count"] == 0)
        let again = fixture.send("POST", "/api/courses/\(course)/enroll/", as: student)
        #expect(again.status == 201)
        #expect(again.json["completed_at"] == .null)
        #expect(fixture.send("GET", "/api/users/\(student.id)/completed-courses/", as: student).ids == [])
    }

    @Test func usersCourses_ListNewestEnrollmentFirst_WithASignedCursor() throws {
        let teacher = try fixture.user("teacher")
        let student = try fixture.user("student")
        let ids = try (1...3).map { try fixture.id(try fixture.course(by: teacher, title: "C\($0)")) }
        for id in ids { _ = fixture.send("POST", "/api/courses/\(id)/enroll/", as: student) }
        let path = "/api/users/\(student.id)/courses/"
        let first = fixture.send("GET", path, query: "limit=2", as: student)
        #expect(first.ids == [ids[2], ids[1]])
        let next = try #require(first.json["next"]?.stringValue)
        let query = String(try #require(next.split(separator: "?").last))
        #expect(fixture.send("GET", path, query: query, as: student).ids == [ids[0]])
        let tampered = query.replacing("cursor=", with: "cursor=x")
        #expect(fixture.send("GET", path, query: tampered, as: student).status == 400)
    }
}
