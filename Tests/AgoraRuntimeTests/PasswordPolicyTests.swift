import AgoraAuth
import Testing

struct PasswordPolicyTests {
    @Test(arguments: ["password", "iloveyou", "123456789", "qwertyuiop", "PassWord", "letmein1", "password ", "\tiloveyou\r\n"])
    func problem_RefusesCommonPasswords(password: String) {
        #expect(PasswordPolicy.problem(password, username: "someone", email: "s@example.com") != nil)
    }

    // The list's first and last long entries, quotes (escaped in the generated literal), spaces
    // and Cyrillic: the build-time conversion of common-passwords.txt kept every line whole.
    @Test(arguments: ["!qaz1qaz", "\"zxcvbnm,./\"", "Friend of Joan", "ПЇЅпїѕпїѕпїѕпїѕпїѕпїѕпїѕпїѕ"])
    func problem_RefusesEveryKindOfListEntry(password: String) {
        #expect(PasswordPolicy.problem(password, username: "someone", email: "s@example.com") == "This password is too common.")
    }

    @Test func problem_RefusesShortLongAndNumeric() {
        #expect(PasswordPolicy.problem("short1!", username: nil, email: nil)?.contains("too short") == true)
        #expect(PasswordPolicy.problem(String(repeating: "x", count: 129), username: nil, email: nil) != nil)
        #expect(PasswordPolicy.problem("48213957610", username: nil, email: nil)?.contains("numeric") == true)
    }

    @Test func problem_RefusesSimilarityToUsernameOrEmail() {
        #expect(PasswordPolicy.problem("xxAliceSmithxx", username: "alicesmith", email: nil) != nil)
        #expect(PasswordPolicy.problem("Zebra-Crossing", username: "bob", email: "zebra-crossing@example.com") != nil)
    }

    @Test func problem_AcceptsAGoodPassword() {
        #expect(PasswordPolicy.problem("correct horse battery", username: "alice", email: "alice@example.com") == nil)
        #expect(PasswordPolicy.problem(String(repeating: "é", count: 128), username: nil, email: nil) == nil)
    }
}
