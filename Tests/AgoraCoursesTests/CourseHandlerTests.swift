import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraCourses

/// `/api/courses/` and `/api/courses/{id}/` in-process.
@Suite(.enabled(if: TestFunction.isAvailable))
struct CourseHandlerTests {
    let fixture: CoursesFixture

    init() throws { fixture = try CoursesFixture() }

    static let publicKeys: Set<String> = ["id", "title", "description", "instructor", "created_at", "updated_at",
                                          "enrollments_count"]

    @Test func create_MakesTheCallerTheInstructor_AndIgnoresReadOnlyFields() throws {
        let alice = try fixture.user("alice")
        let response = fixture.send("POST", "/api/courses/", body: [
            "title": "  Swift  ", "description": " Servers ", "enrollments_count": 9, "instructor": 1, "id": 1,
        ], as: alice)
        #expect(response.status == 201)
        #expect(response.json.keys == Self.publicKeys.union(["enrolled", "completed"]))
        #expect(response.json["title"] == "Swift")
        #expect(response.json["description"] == "Servers")
        #expect(response.json["instructor"] == ["id": .int(alice.id), "username": .string(alice.username)])
        #expect(response.json["enrollments_count"] == 0)
        #expect(response.json["enrolled"] == false)
        #expect(response.json["completed"] == false)
    }

    @Test func create_CollectsEveryFieldError_AndNeedsAToken() throws {
        let alice = try fixture.user()
        let response = fixture.send("POST", "/api/courses/", body: ["title": "  ", "description": 3], as: alice)
        #expect(response.status == 400)
        #expect(response.fields == ["title": "This field may not be blank.", "description": "Not a valid string."])
        #expect(fixture.send("POST", "/api/courses/", body: ["title": "T"]).status == 401)
    }

    @Test func get_LeavesPerUserFieldsOutForAnonymousCallers() throws {
        let course = try fixture.course(by: try fixture.user())
        let anonymous = fixture.send("GET", "/api/courses/\(try fixture.id(course))/")
        #expect(anonymous.status == 200)
        #expect(anonymous.json.keys == Self.publicKeys)
        #expect(fixture.send("GET", "/api/courses/999999999999/").status == 404)
    }

    @Test func update_IsForTheInstructorOrAnAdmin_404Then403ThenTheBody() throws {
        let instructor = try fixture.user("teacher")
        let student = try fixture.user("student")
        let path = "/api/courses/\(try fixture.id(try fixture.course(by: instructor)))/"
        #expect(fixture.send("PUT", path, body: ["title": "X"], as: student).status == 403)
        #expect(fixture.send("PUT", path, body: [:], as: student).status == 403)
        #expect(fixture.send("PUT", "/api/courses/999999999999/", body: [:], as: student).status == 404)
        #expect(fixture.send("PUT", path, body: [:], as: instructor).status == 400)
        let replaced = fixture.send("PUT", path, body: ["title": "Renamed"], as: fixture.admin)
        #expect(replaced.status == 200)
        #expect(replaced.json["title"] == "Renamed")
        #expect(replaced.json["description"] == "")
        #expect(replaced.json["instructor"]?["id"] == .int(instructor.id))
    }

    @Test func delete_RemovesEnrollmentsQuizzesQuestionsAndAttempts() throws {
        let instructor = try fixture.user("teacher")
        let student = try fixture.user("student")
        let course = try fixture.id(try fixture.course(by: instructor))
        #expect(fixture.send("POST", "/api/courses/\(course)/enroll/", as: student).status == 201)
        let quiz = try fixture.quiz(in: course, title: "Q", questions: 2)
        try fixture.attempt(student, quiz: quiz, passed: true)
        #expect(fixture.send("DELETE", "/api/courses/\(course)/", as: student).status == 403)
        #expect(fixture.send("DELETE", "/api/courses/\(course)/", as: instructor).status == 204)
        let left = try fixture.courses.db.query("""
            SELECT (SELECT count(*) FROM enrollments WHERE course_id = \(course))
                 + (SELECT count(*) FROM quizzes WHERE id = \(quiz))
                 + (SELECT count(*) FROM questions WHERE quiz_id = \(quiz))
                 + (SELECT count(*) FROM quiz_attempts WHERE quiz_id = \(quiz))
            """).first.orNotFound().decode(Int64.self)
        #expect(left == 0)
        #expect(fixture.send("GET", "/api/courses/\(course)/").status == 404)
    }

    @Test func list_FiltersByInstructor_SearchesAndPages() throws {
        let instructor = try fixture.user("teacher")
        let word = "zebra\(UInt32.random(in: 0...UInt32.max))"
        let ids = try (1...3).map { try fixture.id(try fixture.course(by: instructor, title: "Course \($0) \(word)s")) }
        let first = fixture.send("GET", "/api/courses/", query: "instructor=\(instructor.id)&limit=2")
        #expect(first.ids == [ids[2], ids[1]])
        let next = try #require(first.json["next"]?.stringValue)
        let second = fixture.send("GET", "/api/courses/", query: String(try #require(next.split(separator: "?").last)))
        #expect(second.ids == [ids[0]])
        #expect(second.json["next"] == .null)
        #expect(Set(fixture.send("GET", "/api/courses/", query: "search=\(word)s").ids) == Set(ids))
        #expect(fixture.send("GET", "/api/courses/", query: "instructor=abc").fields == ["instructor": "Enter a valid id."])
    }

    @Test func list_ShowsTheCallersEnrollmentAndCompletion() throws {
        let instructor = try fixture.user("teacher")
        let student = try fixture.user("student")
        let enrolled = try fixture.id(try fixture.course(by: instructor, title: "Enrolled"))
        let other = try fixture.id(try fixture.course(by: instructor, title: "Other"))
        _ = fixture.send("POST", "/api/courses/\(enrolled)/enroll/", as: student)
        let page = fixture.send("GET", "/api/courses/", query: "instructor=\(instructor.id)", as: student)
        let byID = Dictionary(uniqueKeysWithValues: (page.json["results"]?.arrayValue ?? []).map {
            ($0["id"]?.intValue ?? 0, $0)
        })
        #expect(byID[enrolled]?["enrolled"] == true)
        #expect(byID[enrolled]?["enrollments_count"] == 1)
        #expect(byID[other]?["enrolled"] == false)
        #expect(byID[other]?["completed"] == false)
    }
}
