import AgoraCore
import AgoraRuntime
import Testing
@testable import AgoraInternships

/// What the internships function declares: the endpoint list's internships routes, in its own names (its
/// handlers are tested with the other board's in AgoraPostingsTests).
struct InternshipsFunctionTests {
    @Test func routes_AreExactlyTheEndpointListsOnes() {
        let table = Set(InternshipsFunction.router.table.map { "\($0.method) \($0.template)" })
        #expect(table == [
            "GET /api/internships/", "POST /api/internships/", "GET /api/internships/{id}/", "PUT /api/internships/{id}/",
            "DELETE /api/internships/{id}/", "GET /api/users/{user_id}/internships/", "POST /api/users/{user_id}/internships/",
            "GET /api/users/{user_id}/internships/{internship_id}/", "DELETE /api/users/{user_id}/internships/{internship_id}/",
        ])
    }

    @Test func document_UsesTheBoardsNames() throws {
        let fragment = InternshipsFunction.openAPIFragment
        #expect(InternshipsFunction.name == "internships")
        #expect(Set(fragment["schemas"]?.objectValue?.keys.map { $0 } ?? []) == ["Internship", "InternshipApplication"])
        let apply = try #require(fragment["paths"]?["/api/users/{user_id}/internships/"]?["post"])
        #expect(apply["operationId"] == "users_internships_create")
        #expect(apply["requestBody"]?["content"]?["application/json"]?["schema"]?["required"] == ["internship_id"])
        let application = try #require(fragment["schemas"]?["InternshipApplication"]?["properties"]?.objectValue)
        #expect(Set(application.keys) == ["internship", "applied_date", "cover_letter"])
        let ids = InternshipsFunction.router.routes.map(\.doc.id)
        #expect(Set(ids).count == ids.count && ids.allSatisfy { $0.hasPrefix("internships_") || $0.hasPrefix("users_internships_") })
    }
}
