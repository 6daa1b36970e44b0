import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraAuth

/// Refresh-token rotation, reuse detection and logout in-process.
@Suite(.enabled(if: TestFunction.isAvailable))
struct SessionTests {
    let auth: TestFunction

    init() throws { auth = try TestFunction(AuthFunction.self) }

    func refresh(_ token: String) -> TestResponse {
        auth.send("POST", "/api/auth/refresh/", body: ["refresh": .string(token)])
    }

    func me(_ access: String) -> TestResponse {
        auth.send("GET", "/api/auth/user/", headers: ["authorization": "Bearer \(access)"])
    }

    @Test func refresh_RotatesThePair_AndReuseEndsTheSession() throws {
        let account = try auth.register("rotate")
        let rotated = refresh(account.refresh)
        #expect(rotated.status == 200)
        let pair = try #require(rotated.json.objectValue)
        #expect(Set(pair.keys) == ["access", "refresh"])
        let newRefresh = try #require(pair["refresh"]?.stringValue)
        let newAccess = try #require(pair["access"]?.stringValue)
        #expect(newRefresh != account.refresh)
        #expect(me(newAccess).status == 200)
        // The rotated token again: theft is assumed and the whole session ends.
        #expect(refresh(account.refresh).errorCode == "token_invalid")
        #expect(refresh(newRefresh).errorCode == "token_invalid")
        #expect(me(newAccess).errorCode == "token_invalid")
    }

    @Test func refresh_RefusesAnAccessToken_AndNeedsTheField() throws {
        let account = try auth.register("refresh")
        #expect(refresh(account.access).status == 401)
        #expect(refresh("nope").errorCode == "token_invalid")
        let missing = auth.send("POST", "/api/auth/refresh/", body: [:])
        #expect(TestFunction.fields(missing) == ["refresh": "This field is required."])
    }

    @Test func logout_EndsThatSessionAtOnce_AndIsIdempotent() throws {
        let account = try auth.register("logout")
        let other = auth.login(account.username)
        let otherAccess = try #require(other.json["access"]?.stringValue)
        #expect(auth.send("POST", "/api/auth/logout/", body: ["refresh": .string(account.refresh)]).status == 204)
        #expect(me(account.access).errorCode == "token_invalid")
        #expect(refresh(account.refresh).errorCode == "token_invalid")
        #expect(auth.send("POST", "/api/auth/logout/", body: ["refresh": .string(account.refresh)]).status == 204)
        // Another session of the same user lives on.
        #expect(me(otherAccess).status == 200)
    }

    @Test func logout_WithAForeignToken_Is401() throws {
        let account = try auth.register("foreign")
        #expect(auth.send("POST", "/api/auth/logout/", body: ["refresh": "x.y.z"]).errorCode == "token_invalid")
        #expect(auth.send("POST", "/api/auth/logout/", body: ["refresh": .string(account.access)]).status == 401)
    }
}
