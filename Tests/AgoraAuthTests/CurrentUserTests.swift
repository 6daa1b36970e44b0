import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraAuth

/// `GET/PUT/DELETE /api/auth/user/` in-process.
@Suite(.enabled(if: TestFunction.isAvailable))
struct CurrentUserTests {
    let auth: TestFunction

    init() throws { auth = try TestFunction(AuthFunction.self) }

    func put(_ account: Account, _ body: JSON) -> TestResponse {
        auth.send("PUT", "/api/auth/user/", body: body, headers: account.bearer)
    }

    @Test func get_ReturnsThePrivateAccount_AndNeedsAToken() throws {
        let account = try auth.register("me")
        let response = auth.send("GET", "/api/auth/user/", headers: account.bearer)
        #expect(response.status == 200)
        #expect(response.json["id"] == .int(account.id))
        #expect(response.json["email"] == .string(account.email))
        #expect(auth.send("GET", "/api/auth/user/").errorCode == "not_authenticated")
    }

    @Test func put_ChangesTheUsername_AndIgnoresIsAdmin() throws {
        let account = try auth.register("rename")
        let name = TestFunction.uniqueName("renamed")
        let response = put(account, ["username": .string(name), "email": .string(account.email), "is_admin": true])
        #expect(response.status == 200)
        #expect(response.json["username"] == .string(name))
        #expect(response.json["is_admin"] == false)
    }

    @Test func put_RequiresUsernameAndEmail() throws {
        let account = try auth.register("required")
        #expect(TestFunction.fields(put(account, [:])).keys.sorted() == ["email", "username"])
    }

    @Test func put_AnEmailChange_NeedsTheCurrentPassword() throws {
        let account = try auth.register("email")
        let newEmail = "new.\(account.email)"
        let without = put(account, ["username": .string(account.username), "email": .string(newEmail)])
        #expect(TestFunction.fields(without) == ["current_password": "Your current password was entered incorrectly."])
        let wrong = put(account, ["username": .string(account.username), "email": .string(newEmail), "current_password": "wrong"])
        #expect(wrong.status == 400)
        let right = put(account, ["username": .string(account.username), "email": .string(newEmail),
                                  "current_password": .string(Account.password)])
        #expect(right.json["email"] == .string(newEmail))
    }

    @Test func wrongCurrentPasswords_LockPutDeleteAndLogin_UntilTheWindowPasses() throws {
        let account = try auth.register("guess")
        let change: (String) -> JSON = { ["username": .string(account.username), "email": .string(account.email),
                                          "current_password": .string($0), "password": "next horse battery"] }
        for _ in 0..<9 { #expect(put(account, change("wrong guess")).status == 400) }
        let deleteWrong = auth.send("DELETE", "/api/auth/user/", body: ["password": "wrong guess"], headers: account.bearer)
        #expect(TestFunction.fields(deleteWrong) == ["password": "The password is incorrect."])
        #expect(put(account, change(Account.password)).errorCode == "rate_limited")
        let deleteRight = auth.send("DELETE", "/api/auth/user/", body: ["password": .string(Account.password)], headers: account.bearer)
        #expect(deleteRight.errorCode == "rate_limited")
        #expect(auth.login(account.username).errorCode == "rate_limited")
        #expect(auth.send("GET", "/api/auth/user/", headers: account.bearer).status == 200)
    }

    @Test func put_ATakenUsername_Is409() throws {
        let account = try auth.register("mine")
        let other = try auth.register("theirs")
        let response = put(account, ["username": .string(other.username.uppercased()), "email": .string(account.email)])
        #expect(response.status == 409)
        #expect(TestFunction.fields(response).keys.sorted() == ["username"])
    }

    @Test func put_ANewPassword_EndsOtherSessions_KeepsTheCallers() throws {
        let account = try auth.register("newpass")
        let other = try #require(auth.login(account.username).json["access"]?.stringValue)
        let weak = put(account, ["username": .string(account.username), "email": .string(account.email),
                                 "password": "password", "current_password": .string(Account.password)])
        #expect(TestFunction.fields(weak) == ["password": "This password is too common."])
        let changed = put(account, ["username": .string(account.username), "email": .string(account.email),
                                    "password": "new horse battery", "current_password": .string(Account.password)])
        #expect(changed.status == 200)
        #expect(auth.send("GET", "/api/auth/user/", headers: account.bearer).status == 200)
        #expect(auth.send("GET", "/api/auth/user/", headers: ["authorization": "Bearer \(other)"]).errorCode == "token_invalid")
        #expect(auth.login(account.username, "new horse battery").status == 200)
        #expect(auth.login(account.username).errorCode == "invalid_credentials")
    }

    @Test func delete_NeedsThePassword_ThenTheAccountAndItsSessionsAreGone() throws {
        let account = try auth.register("delete")
        let wrong = auth.send("DELETE", "/api/auth/user/", body: ["password": "wrong"], headers: account.bearer)
        #expect(TestFunction.fields(wrong) == ["password": "The password is incorrect."])
        let missing = auth.send("DELETE", "/api/auth/user/", body: [:], headers: account.bearer)
        #expect(TestFunction.fields(missing) == ["password": "This field is required."])
        let deleted = auth.send("DELETE", "/api/auth/user/", body: ["password": .string(Account.password)], headers: account.bearer)
        #expect(deleted.status == 204)
        #expect(auth.send("GET", "/api/auth/user/", headers: account.bearer).errorCode == "token_invalid")
        #expect(auth.login(account.username).errorCode == "invalid_credentials")
        let left = try auth.db.query("SELECT count(*) FROM profiles WHERE user_id = \(account.id)").first?.decode(Int64.self)
        #expect(left == 0)
    }

    @Test func patch_IsNotAllowed_AndSaysWhatIs() throws {
        let account = try auth.register("methods")
        let response = auth.send("PATCH", "/api/auth/user/", body: [:], headers: account.bearer)
        #expect(response.status == 405)
        #expect(Set((response.header("Allow") ?? "").split(separator: ",").map { String($0).trimmingWhitespace() })
                == ["GET", "PUT", "DELETE"])
    }
}
