import AgoraCore
import AgoraPostgres
import AgoraTesting
import Testing

/// An account registered through the auth function itself (so it has a real password hash and
/// a real session), with its tokens.
struct Account {
    let id: Int64
    let username: String
    let email: String
    let access: String
    let refresh: String

    static let password = "correct horse battery"

    /// The `Authorization` header of this account's access token.
    var bearer: [String: String] { ["authorization": "Bearer \(access)"] }
}

extension TestFunction {
    /// A fresh username (3-30 of the allowed characters) that no other test uses.
    static func uniqueName(_ prefix: String = "user") -> String {
        "\(prefix.prefix(14))_\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Registers a new account through `POST /api/auth/register/`.
    func register(_ prefix: String = "user", password: String = Account.password) throws -> Account {
        let username = TestFunction.uniqueName(prefix)
        let response = send("POST", "/api/auth/register/", body: [
            "username": .string(username), "email": .string("\(username)@example.com"), "password": .string(password),
        ])
        try #require(response.status == 201, "\(response.json)")
        return Account(
            id: try #require(response.json["user"]?["id"]?.intValue), username: username,
            email: "\(username)@example.com", access: try #require(response.json["access"]?.stringValue),
            refresh: try #require(response.json["refresh"]?.stringValue))
    }

    func login(_ name: String, _ password: String = Account.password) -> TestResponse {
        send("POST", "/api/auth/login/", body: ["username": .string(name), "password": .string(password)])
    }

    /// The field messages of a 400 `validation_failed`.
    static func fields(_ response: TestResponse) -> [String: String] {
        var messages: [String: String] = [:]
        for (name, message) in response.json["error"]?["fields"]?.objectValue ?? [:] { messages[name] = message.stringValue }
        return messages
    }
}
