import AgoraCore
import AgoraPostgres

/// Username and email rules shared by registration and account updates.
enum AccountFields {
    static func username(_ validator: inout Validator) -> String? {
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

    /// 409 with `fields` naming whichever of username and email another account already has.
    static func checkTaken(username: String?, email: String?, exceptUserID: Int64?, in db: PostgresConnection) throws {
        let rows = try db.query("""
            SELECT lower(username) = lower($1), lower(email) = lower($2) FROM users
            WHERE (lower(username) = lower($1) OR lower(email) = lower($2)) AND id <> $3
            """, [.text(username ?? ""), .text(email ?? ""), .int(exceptUserID ?? 0)])
        var fields: [String: String] = [:]
        for row in rows {
            if try row.bool(0) { fields["username"] = "A user with that username already exists." }
            if try row.bool(1) { fields["email"] = "A user with that email already exists." }
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
