import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraQuizzes

/// `/api/quizzes/` and `/api/quizzes/{id}/` in-process.
@Suite(.enabled(if: TestFunction.isAvailable))
struct QuizHandlerTests {
    let fixture: QuizzesFixture

    init() throws { fixture = try QuizzesFixture() }

    @Test func create_ByTheInstructor_HasTheDefaults() throws {
        let teacher = try fixture.user("teacher")
        let course = try fixture.course(by: teacher)
        let quiz = try fixture.quiz(in: course, by: teacher, ["questions_count": 5, "id": 1])
        #expect(quiz.keys == ["id", "course_id", "title", "description", "pass_mark", "max_attempts",
                              "questions_count", "created_at"])
        #expect(quiz["course_id"] == .int(course))
        #expect(quiz["pass_mark"] == 60)
        #expect(quiz["max_attempts"] == .null)
        #expect(quiz["questions_count"] == 0)
        #expect(quiz["description"] == "")
    }

    @Test func create_ForAnotherInstructorsCourse_Is403BeforeTheOtherFields() throws {
        let course = try fixture.course(by: try fixture.user("teacher"))
        let student = try fixture.user("student")
        let response = fixture.send("POST", "/api/quizzes/", body: ["course_id": .int(course), "pass_mark": 101],
                                    as: student)
        #expect(response.status == 403)
        #expect(fixture.send("POST", "/api/quizzes/", body: ["course_id": .int(course), "title": "T"]).status == 401)
    }

    @Test func create_ChecksEveryField_AndACourseThatDoesNotExist() throws {
        let teacher = try fixture.user("teacher")
        let course = try fixture.course(by: teacher)
        let bad = fixture.send("POST", "/api/quizzes/", body: [
            "course_id": .int(course), "title": "", "pass_mark": 101, "max_attempts": 0, "description": .null,
        ], as: teacher)
        #expect(bad.fields?.keys == ["title", "pass_mark", "max_attempts", "description"])
        let missing = fixture.send("POST", "/api/quizzes/", body: ["course_id": 999999999999, "title": "T"], as: teacher)
        #expect(missing.status == 400)
        #expect(missing.fields?.keys == ["course_id"])
        #expect(fixture.send("POST", "/api/quizzes/", body: ["title": "T"], as: teacher).fields?.keys == ["course_id"])
    }

    @Test func update_ReplacesEveryField_AndMovingNeedsBothCourses() throws {
        let teacher = try fixture.user("teacher")
        let course = try fixture.course(by: teacher)
        let othersCourse = try fixture.course(by: try fixture.user("other"))
        let quiz = try fixture.quiz(in: course, by: teacher, ["pass_mark": 80, "max_attempts": 2, "description": "d"])
        let path = "/api/quizzes/\(try fixture.id(quiz))/"
        let replaced = fixture.send("PUT", path, body: ["course_id": .int(course), "title": "Renamed"], as: teacher)
        #expect(replaced.status == 200)
        #expect(replaced.json["pass_mark"] == 60)
        #expect(replaced.json["max_attempts"] == .null)
        #expect(replaced.json["description"] == "")
        #expect(fixture.send("PUT", path, body: ["title": "T"], as: teacher).fields?.keys == ["course_id"])
        #expect(fixture.send("PUT", path, body: ["course_id": .int(othersCourse), "title": "T"], as: teacher).status
                == 403)
        #expect(fixture.send("PUT", path, body: ["course_id": 999999999999, "title": "T"], as: teacher).status == 400)
        let moved = fixture.send("PUT", path, body: ["course_id": .int(othersCourse), "title": "T"], as: fixture.admin)
        #expect(moved.json["course_id"] == .int(othersCourse))
        #expect(fixture.send("PUT", path, body: ["course_id": .int(course), "title": "T"], as: teacher).status == 403)
    }

    @Test func update_AndDelete_ByAStudent_Are403_AfterThe404() throws {
        let teacher = try fixture.user("teacher")
        let student = try fixture.user("student")
        let course = try fixture.course(by: teacher)
        let path = "/api/quizzes/\(try fixture.id(try fixture.quiz(in: course, by: teacher)))/"
        #expect(fixture.send("PUT", path, body: [:], as: student).status == 403)
        #expect(fixture.send("DELETE", path, as: student).status == 403)
        #expect(fixture.send("DELETE", "/api/quizzes/999999999999/", as: student).status == 404)
        #expect(fixture.send("DELETE", path, as: teacher).status == 204)
        #expect(fixture.send("GET", path, as: teacher).status == 404)
    }

    @Test func readingNeedsAToken_AndTheListFiltersByCourse() throws {
        let teacher = try fixture.user("teacher")
        let course = try fixture.course(by: teacher)
        let ids = try (1...3).map { _ in try fixture.id(try fixture.quiz(in: course, by: teacher)) }
        #expect(fixture.send("GET", "/api/quizzes/").status == 401)
        #expect(fixture.send("GET", "/api/quizzes/\(ids[0])/").status == 401)
        let student = try fixture.user("student")
        #expect(fixture.send("GET", "/api/quizzes/", query: "course=\(course)", as: student).ids == ids.reversed())
        #expect(fixture.send("GET", "/api/quizzes/", query: "course=0", as: student).status == 400)
        #expect(fixture.send("GET", "/api/quizzes/\(ids[0])/", as: student).json["id"] == .int(ids[0]))
    }
}
