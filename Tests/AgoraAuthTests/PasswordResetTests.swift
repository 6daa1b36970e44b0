import AgoraCore
import AgoraPostgres
import AgoraTesting
import Testing
@testable import AgoraAuth

/// The password reset in-process: the token comes from the `email_outbox` row, as a mail
/// sender would read it.
@Suite(.enabled(if: TestFunction.isAvailable))
struct PasswordResetTests {
    let auth: TestFunction

    /// In-process requests have no client address: they share one per-client counter, which
    /// reruns on the same database would exhaust.
    init() throws {
        auth = try TestFunction(AuthFunction.self)
        try auth.db.execute("DELETE FROM rate_limits WHERE key = 'reset-client:'")
    }

    func requestReset(_ email: String) -> TestResponse {
        auth.send("POST", "/api/auth/password-reset/", body: ["email": .string(email)])
    }

    func confirm(_ token: String, _ password: String) -> TestResponse {
        auth.send("POST", "/api/auth/password-reset/confirm/", body: ["token": .string(token), "new_password": .string(password)])
    }

    /// The token of the newest email to `email`.
    func mailedToken(_ email: String) throws -> String {
        let body = try #require(try auth.db.query("""
            SELECT body FROM email_outbox WHERE lower(recipient) = lower(\(email)) ORDER BY id DESC LIMIT 1
            """).first).decode(String.self)
        let link = try #require(body.firstRange(of: "http://testserver.local/reset-password?token="))
        return String(body[link.upperBound...].prefix { !$0.isWhitespace })
    }

    @Test func reset_MailsASingleUseToken_ThatSetsTheNewPasswordAndEndsEverySession() throws {
        let account = try auth.register("resetme")
        let requested = requestReset(account.email.uppercased())
        #expect(requested.status == 202)
        #expect(requested.json["detail"]?.stringValue != nil)
        let token = try mailedToken(account.email)
        let stored = try auth.db.query("""
            SELECT count(*) FROM password_reset_tokens WHERE token_hash = sha256(convert_to(\(token), 'UTF8'))
            """).first?.decode(Int64.self)
        #expect(stored == 1)

        // A weak password is refused and does not spend the token.
        #expect(TestFunction.fields(confirm(token, "password")) == ["new_password": "This password is too common."])
        let similar = confirm(token, "xx\(account.username)xx")
        #expect(TestFunction.fields(similar) == ["new_password": "The password is too similar to the username."])

        let done = confirm(token, "brand new horse")
        #expect(done.status == 200)
        #expect(done.json == ["detail": "Your password has been reset."])
        #expect(auth.send("GET", "/api/auth/user/", headers: account.bearer).errorCode == "token_invalid")
        #expect(confirm(token, "another new horse").errorCode == "token_invalid")
        #expect(auth.login(account.email, "brand new horse").status == 200)
    }

    @Test func reset_SixthRequestForAnAddressInAnHour_Is429_AndMailsNothing() throws {
        for email in [try auth.register("limited").email, "\(TestFunction.uniqueName("nobody"))@nowhere.example"] {
            for _ in 0..<PasswordResetHandlers.perAddress { #expect(requestReset(email).status == 202) }
            let refused = requestReset(email.uppercased())
            #expect(refused.errorCode == "rate_limited")
            #expect(refused.header("Retry-After").flatMap(Int.init).map { (1...3600).contains($0) } == true)
            let mails = try auth.db.query("SELECT count(*) FROM email_outbox WHERE lower(recipient) = lower(\(email))")
            #expect(try mails.first?.decode(Int64.self) == (email.hasSuffix("nowhere.example") ? 0 : Int64(PasswordResetHandlers.perAddress)))
        }
    }

    @Test func reset_OfAnUnknownEmail_Is202_AndAMalformedOneIs400() {
        let unknown = requestReset("\(TestFunction.uniqueName("nobody"))@nowhere.example")
        #expect(unknown.status == 202)
        #expect(TestFunction.fields(requestReset("not-an-email")) == ["email": "Enter a valid email address."])
    }

    @Test func confirm_WithABogusToken_Is400TokenInvalid() {
        let response = confirm("bogus", "brand new horse")
        #expect(response.status == 400)
        #expect(response.errorCode == "token_invalid")
        let missing = auth.send("POST", "/api/auth/password-reset/confirm/", body: [:])
        #expect(TestFunction.fields(missing).keys.sorted() == ["new_password", "token"])
    }

    @Test func confirm_IgnoresAUsernameSentBeside_TheAccountsOwnNamesCount() throws {
        let account = try auth.register("beside")
        _ = requestReset(account.email)
        let token = try mailedToken(account.email)
        let response = auth.send("POST", "/api/auth/password-reset/confirm/", body: [
            "token": .string(token), "new_password": "zebra crossing", "username": "zebra",
        ])
        #expect(response.status == 200)
    }
}
