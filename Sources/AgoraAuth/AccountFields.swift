import AgoraCore
import AgoraPostgres

/// The account fields shared by registration and account updates, each declared once for
/// validation and for the document, and the uniqueness rule no schema can state.
enum AccountFields {
    /// 3-30 of `A-Z a-z 0-9 _ . -` (the users table's CHECK says the same).
    static let usernameSchema = Schema.string(3, 30, pattern: "^[A-Za-z0-9_.-]{3,30}$",
                                              description: "3-30 of `A-Z a-z 0-9 _ . -`, unique ignoring case.")

    static let username = Field<String>(name: "username", required: true, schema: usernameSchema) { validator in
        guard let name = validator.string("username", length: 1...Int.max) else { return nil }
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
        guard allowed, (3...30).contains(name.utf8.count) else {
            validator.fail("username", "Enter 3 to 30 characters: letters, digits and _ . - only.")
            return nil
        }
        return name
    }

    static let email = Field.email("email").describe(
        "A valid address (surrounding whitespace is trimmed), unique ignoring case; kept as typed and compared "
            + "ignoring case.")

    /// A new password beside `username` and `email` in the same body (registration, account update).
    static let password = PasswordPolicy.field("password", usernameField: "username", emailField: "email")

    /// 409 with `fields` naming whichever of username and email another account already has.
    static func checkTaken(username: String, email: String, exceptUserID: Int64?, in db: PostgresConnection) throws {
        let rows = try db.query("""
            SELECT lower(username) = lower(\(username)), lower(email) = lower(\(email)) FROM users
            WHERE (lower(username) = lower(\(username)) OR lower(email) = lower(\(email))) AND id <> \(exceptUserID ?? 0)
            """)
        var fields: [String: String] = [:]
        for row in rows {
            let (usernameTaken, emailTaken) = try row.decode((Bool, Bool).self)
            if usernameTaken { fields["username"] = "A user with that username already exists." }
            if emailTaken { fields["email"] = "A user with that email already exists." }
        }
        if !fields.isEmpty { throw APIError.conflict("An account with these details already exists.", fields: fields) }
    }

    /// Maps a unique violation raced past `checkTaken` to the same 409.
    static func mapUniqueViolation<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError where error.sqlState == "23505" {
            let field = error.constraint == "users_email_ci" ? "email" : "username"
            throw APIError.conflict("An account with these details already exists.",
                                    fields: [field: "A user with that \(field) already exists."])
        }
    }
}
