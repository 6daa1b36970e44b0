import AgoraCore
import AgoraRuntime
import Testing
@testable import AgoraJobs

/// What the jobs function declares: the endpoint list's jobs routes, in its own names (its
/// handlers are tested with the other board's in AgoraPostingsTests).
struct JobsFunctionTests {
    @Test func routes_AreExactlyTheEndpointListsOnes() {
        let table = Set(JobsFunction.router.table.map { "\($0.method) \($0.template)" })
        #expect(table == [
            "GET /api/jobs/", "POST /api/jobs/", "GET /api/jobs/{id}/", "PUT /api/jobs/{id}/",
            "DELETE /api/jobs/{id}/", "GET /api/users/{user_id}/jobs/", "POST /api/users/{user_id}/jobs/",
            "GET /api/users/{user_id}/jobs/{job_id}/", "DELETE /api/users/{user_id}/jobs/{job_id}/",
        ])
    }

    @Test func document_UsesTheBoardsNames() throws {
        let fragment = JobsFunction.openAPIFragment
        #expect(JobsFunction.name == "jobs")
        #expect(Set(fragment["schemas"]?.objectValue?.keys.map { $0 } ?? []) == ["Job", "JobApplication"])
        let apply = try #require(fragment["paths"]?["/api/users/{user_id}/jobs/"]?["post"])
        #expect(apply["operationId"] == "users_jobs_create")
        #expect(apply["requestBody"]?["content"]?["application/json"]?["schema"]?["required"] == ["job_id"])
        let application = try #require(fragment["schemas"]?["JobApplication"]?["properties"]?.objectValue)
        #expect(Set(application.keys) == ["job", "applied_date", "cover_letter"])
        let ids = JobsFunction.router.routes.map(\.doc.id)
        #expect(Set(ids).count == ids.count && ids.allSatisfy { $0.hasPrefix("jobs_") || $0.hasPrefix("users_jobs_") })
    }
}
