import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraHealth

@Suite(.enabled(if: TestFunction.isAvailable))
struct HealthHandlerTests {
    @Test func health_WithTheDatabaseUp_IsOK() throws {
        let health = try TestFunction(HealthFunction.self)
        let response = health.send("GET", "/api/health/")
        #expect(response.status == 200)
        #expect(response.json == ["status": "ok", "database": "ok"])
        #expect(response.header("X-Request-ID") == "test-request")
    }

    @Test func health_OtherMethods_Are405WithAllow() throws {
        let health = try TestFunction(HealthFunction.self)
        let response = health.send("POST", "/api/health/")
        #expect(response.status == 405)
        #expect(response.header("Allow") == "GET")
    }
}
