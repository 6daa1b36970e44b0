import AgoraCore

/// The password rules, modelled on Django's four default validators: 8–128 characters, not all
/// digits, not in the common list, not containing the username nor equal to the email's local
/// part (ignoring case).
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

    /// The rules a schema can state: 8-128 code points, no NUL, at least one that is not a digit.
    static let schema = Schema.string(
        8, 128, pattern: "^[^\\u0000]*[^0-9\\u0000][^\\u0000]*$",
        description: "8-128 characters, not all digits, not a common password (Django's list of 20,000), not "
            + "containing the username and not equal to the email's local part (ignoring case). A refused password "
            + "is 400 on this field.")

    /// A new password field. The length and the digits are in its schema; the common list and
    /// the likeness to the username and email sent beside it (the fields named here, when they
    /// are strings) are in its description only.
    static func field(_ name: String, usernameField: String? = nil, emailField: String? = nil) -> Field<String> {
        Field(name: name, required: true, schema: schema) { validator in
            guard let password = validator.string(name, length: 0...Int.max) else { return nil }
            let username = usernameField.flatMap { validator.body[$0]?.stringValue }
            let email = emailField.flatMap { validator.body[$0]?.stringValue?.trimmingWhitespace() }
            if let problem = problem(password, username: username, email: email) {
                validator.fail(name, problem)
                return nil
            }
            return password
        }
    }
}
