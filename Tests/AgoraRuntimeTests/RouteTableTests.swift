#if canImport(Glibc)
import Glibc
#endif
import AgoraAuth
import AgoraBlogs
import AgoraCore
import AgoraDeploy
import AgoraForums
import AgoraHealth
import AgoraUsers
import Testing
@testable import AgoraRuntime

/// functions.json is the single source of truth: every route it lists is served by its function,
/// every route a function serves is listed, and no route or path is claimed twice.
struct RouteTableTests {
    static let registrations: [String: @Sendable (inout Router<Context>) -> Void] = [
        "health": HealthRoutes.register,
        "auth": AuthRoutes.register,
        "users": UsersRoutes.register,
        "blogs": BlogsRoutes.register,
        "forums": ForumsFunction.routes,
    ]

    static func manifestPath() -> String {
        let file = #filePath
        let repo = file.split(separator: "/").dropLast(3).joined(separator: "/")
        return "/" + repo + "/functions.json"
    }

    @Test func manifest_HasNoConflicts() throws {
        let manifest = try RouteManifest.load(Self.manifestPath())
        #expect(manifest.conflicts() == [])
    }

    @Test func everyFunction_ServesExactlyItsManifestRoutes() throws {
        let manifest = try RouteManifest.load(Self.manifestPath())
        #expect(Set(manifest.functions.map(\.name)) == Set(Self.registrations.keys))
        for function in manifest.functions {
            let register = try #require(Self.registrations[function.name])
            var router = Router<Context>()
            register(&router)
            let served = Set(router.table.map { "\($0.method) \($0.template)" })
            let listed = Set(function.routes.map { "\($0.method) \($0.path)" })
            #expect(served == listed, "\(function.name): served \(served.subtracting(listed)), listed only \(listed.subtracting(served))")
        }
    }

    @Test func conflicts_ReportARouteClaimedTwice() throws {
        let path = "/tmp/agora-conflict-\(Int.random(in: 0..<1_000_000)).json"
        let text = #"{"functions": {"a": {"routes": [{"method": "GET", "path": "/api/x/{id}/"}]}, "#
            + #""b": {"routes": [{"method": "POST", "path": "/api/x/{pk}/"}]}}}"#
        try writeText(text, to: path)
        let manifest = try RouteManifest.load(path)
        #expect(manifest.conflicts().count == 1)
    }

    func writeText(_ text: String, to path: String) throws {
        guard let file = fopen(path, "w") else { throw CLIError("cannot write \(path)") }
        fputs(text, file)
        fclose(file)
    }
}
