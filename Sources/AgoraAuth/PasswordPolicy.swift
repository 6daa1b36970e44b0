public import AgoraCore

/// The password rules of API.md 2 and 12: 8–128 characters, not all digits, not in the common
/// list, not containing the username nor equal to the email's local part (ignoring case).
public enum PasswordPolicy {
    /// The first rule `password` breaks, as a client-safe message; nil when it is acceptable.
    public static func problem(_ password: String, username: String?, email: String?) -> String? {
        let length = password.unicodeScalars.count
        if length < 8 { return "This password is too short. It must contain at least 8 characters." }
        if length > 128 { return "Ensure this field has no more than 128 characters." }
        if password.unicodeScalars.contains("\u{0}") { return "Null characters are not allowed." }
        if password.allSatisfy({ $0.isASCII && $0.isNumber }) { return "This password is entirely numeric." }
        if CommonPasswords.contains(password) { return "This password is too common." }
        let lowered = password.lowercased()
        if let username, username.utf8.count >= 3, lowered.contains(username.lowercased()) {
            return "The password is too similar to the username."
        }
        if let email, let local = email.split(separator: "@").first, lowered == local.lowercased() {
            return "The password is too similar to the email address."
        }
        return nil
    }

    /// Reads and checks a password field, recording the problem on that field.
    public static func read(_ field: String, from validator: inout Validator, username: String?, email: String?, required: Bool = true) -> String? {
        guard let password = validator.string(field, required: required, length: 0...Int.max) else { return nil }
        if let problem = problem(password, username: username, email: email) {
            validator.fail(field, problem)
            return nil
        }
        return password
    }
}
