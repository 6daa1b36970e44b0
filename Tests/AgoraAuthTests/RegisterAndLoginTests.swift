import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraAuth

/// Registration and login in-process: the pipeline, the handlers and the database, no server.
@Suite(.enabled(if: TestFunction.isAvailable))
struct RegisterAndLoginTests {
    let auth: TestFunction

    init() throws { auth = try TestFunction(AuthFunction.self) }

    @Test func register_Is201WithTheUserAndATokenPair_AndIgnoresIsAdmin() throws {
        let name = TestFunction.uniqueName("reg")
        let response = auth.send("POST", "/api/auth/register/", body: [
            "username": .string(name), "email": .string("  \(name.uppercased())@Example.com "),
            "password": .string(Account.password), "is_admin": true, "id": 1,
        ])
        #expect(response.status == 201)
        let user = try #require(response.json["user"]?.objectValue)
        #expect(Set(user.keys) == ["id", "username", "email", "is_admin", "date_joined", "last_login"])
        #expect(user["username"] == .string(name))
        #expect(user["email"] == .string("\(name.uppercased())@Example.com"))
        #expect(user["is_admin"] == false)
        #expect(user["last_login"]?.stringValue != nil)
        #expect(response.json["access"]?.stringValue != nil && response.json["refresh"]?.stringValue != nil)
        let me = auth.send("GET", "/api/auth/user/", headers: ["authorization": "Bearer \(response.json["access"]?.stringValue ?? "")"])
        #expect(me.json["id"] == user["id"])
    }

    @Test func register_WithNothing_NamesEveryRequiredField() {
        let response = auth.send("POST", "/api/auth/register/", body: [:])
        #expect(response.status == 400)
        #expect(response.errorCode == "validation_failed")
        #expect(TestFunction.fields(response) == [
            "username": "This field is required.", "email": "This field is required.", "password": "This field is required.",
        ])
    }

    @Test(arguments: [
        ("ab", "x@example.com", Account.password, "username", "Enter 3 to 30 characters: letters, digits and _ . - only."),
        ("bad name!", "x@example.com", Account.password, "username", "Enter 3 to 30 characters: letters, digits and _ . - only."),
        ("okname", "not-an-email", Account.password, "email", "Enter a valid email address."),
        ("okname", "x@example.com", "short", "password", "This password is too short. It must contain at least 8 characters."),
        ("okname", "x@example.com", "12345678901", "password", "This password is entirely numeric."),
        ("okname", "x@example.com", "iloveyou", "password", "This password is too common."),
        ("okname", "x@example.com", "xxOKNAMExx1", "password", "The password is too similar to the username."),
        ("okname", "secretword9@example.com", "SecretWord9", "password", "The password is too similar to the email address."),
    ])
    func register_RefusesABadField_WithItsMessage(username: String, email: String, password: String, field: String,
                                                   message: String) {
        let response = auth.send("POST", "/api/auth/register/", body: [
            "username": .string(username), "email": .string(email), "password": .string(password),
        ])
        #expect(response.status == 400)
        #expect(TestFunction.fields(response) == [field: message])
    }

    @Test func register_CollectsEveryBadField() {
        let response = auth.send("POST", "/api/auth/register/", body: ["username": 123, "email": "nope", "password": "123456789"])
        #expect(Set(TestFunction.fields(response).keys) == ["username", "email", "password"])
    }

    @Test func register_TakenUsernameOrEmail_IgnoringCase_Is409NamingWhich() throws {
        let taken = try auth.register("taken")
        func attempt(_ username: String, _ email: String) -> TestResponse {
            auth.send("POST", "/api/auth/register/", body: [
                "username": .string(username), "email": .string(email), "password": .string(Account.password),
            ])
        }
        let name = attempt(taken.username.uppercased(), "other.\(taken.email)")
        #expect(name.status == 409)
        #expect(name.errorCode == "conflict")
        #expect(TestFunction.fields(name) == ["username": "A user with that username already exists."])
        let email = attempt(TestFunction.uniqueName("free"), taken.email.uppercased())
        #expect(TestFunction.fields(email) == ["email": "A user with that email already exists."])
        #expect(Set(TestFunction.fields(attempt(taken.username, taken.email)).keys) == ["username", "email"])
    }

    @Test func login_ByUsernameOrEmail_IgnoringCase_StartsASessionAndStampsLastLogin() throws {
        let account = try auth.register("login")
        let before = try #require(auth.send("GET", "/api/auth/user/", headers: account.bearer).json["last_login"]?.stringValue)
        for name in [account.username, account.username.uppercased(), account.email.uppercased()] {
            let response = auth.login(name)
            #expect(response.status == 200)
            #expect(Set(response.json.objectValue?.keys.map { $0 } ?? []) == ["user", "access", "refresh"])
            #expect((response.json["user"]?["last_login"]?.stringValue ?? "") >= before)
            let access = response.json["access"]?.stringValue ?? ""
            #expect(auth.send("GET", "/api/auth/user/", headers: ["authorization": "Bearer \(access)"]).status == 200)
        }
    }

    @Test func login_WrongPasswordOrUnknownName_Is401InvalidCredentials() throws {
        let account = try auth.register("wrong")
        #expect(auth.login(account.username, "wrong password!").errorCode == "invalid_credentials")
        let unknown = auth.login(TestFunction.uniqueName("nobody"))
        #expect(unknown.status == 401)
        #expect(unknown.errorCode == "invalid_credentials")
        #expect(TestFunction.fields(auth.send("POST", "/api/auth/login/", body: [:])).keys.sorted() == ["password", "username"])
    }

    @Test func login_EleventhFailure_Is429UntilTheWindowPasses_EvenWithTheRightPassword() throws {
        let account = try auth.register("throttle")
        for attempt in 0..<10 {
            let name = attempt % 2 == 0 ? account.username : account.email
            #expect(auth.login(name, "wrong password!").status == 401)
        }
        let locked = auth.login(account.username, "wrong password!")
        #expect(locked.status == 429)
        #expect(locked.errorCode == "rate_limited")
        let seconds = Int(locked.header("Retry-After") ?? "") ?? 0
        #expect((1...900).contains(seconds))
        #expect(auth.login(account.username).status == 429)
    }

    @Test func login_Success_ResetsTheFailureCount() throws {
        let account = try auth.register("reset")
        for _ in 0..<9 { _ = auth.login(account.username, "wrong password!") }
        #expect(auth.login(account.username).status == 200)
        for _ in 0..<9 { #expect(auth.login(account.username, "wrong password!").status == 401) }
        #expect(auth.login(account.username).status == 200)
    }
}
