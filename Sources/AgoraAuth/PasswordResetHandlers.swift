import AgoraCore
import AgoraCrypto
import AgoraRuntime

/// `POST /api/auth/password-reset/` and `.../confirm/`: a single-use random token stored only as
/// its SHA-256, valid one hour, mailed through the `email_outbox` table in the same transaction.
enum PasswordResetHandlers {
    static let accepted = Response.json(
        ["detail": "If an account with that email exists, a password reset link has been sent."], status: 202)

    static func request(_ request: Request, _ context: Context) throws -> Response {
        var fields = try request.validator()
        let email = fields.email("email")
        try fields.finish()
        guard let email else { throw APIError.badRequest("Invalid input.") }
        let rows = try context.db.query("SELECT id, username, email FROM users WHERE lower(email) = lower($1)", [.text(email)])
        guard let row = rows.first else { return accepted }
        let userID = try row.int(0)
        let token = SecureRandom.token(byteCount: 32)
        let link = context.config.publicBaseURL.trimmingSuffix("/") + "/reset-password?token=" + token
        let body = """
            Hello \(try row.string(1)),

            Someone asked to reset the password of your Agora account. To choose a new password, open
            \(link)
            within one hour. If it was not you, ignore this email: your password has not changed.
            """
        try context.db.transaction {
            try context.db.execute("""
                INSERT INTO password_reset_tokens (token_hash, user_id, expires_at)
                VALUES ($1, $2, now() + interval '1 hour')
                """, [.bytes(Digest.sha256(Array(token.utf8))), .int(userID)])
            try context.db.execute("INSERT INTO email_outbox (recipient, subject, body) VALUES ($1, $2, $3)",
                                   [.text(try row.string(2)), .text("Reset your Agora password"), .text(body)])
        }
        return accepted
    }

    /// A weak new password is refused before the token is spent; spending it is atomic.
    static func confirm(_ request: Request, _ context: Context) throws -> Response {
        var fields = try request.validator()
        let token = fields.string("token", length: 1...512)
        let newPassword = fields.string("new_password", length: 0...Int.max)
        try fields.finish()
        guard let token, let newPassword else { throw APIError.badRequest("Invalid input.") }
        let hash = Digest.sha256(Array(token.utf8))
        let invalid = APIError(status: 400, code: "token_invalid", message: "The reset token is invalid or has expired.")
        let rows = try context.db.query("""
            SELECT u.id, u.username, u.email FROM password_reset_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > now()
            """, [.bytes(hash)])
        guard let row = rows.first else { throw invalid }
        let userID = try row.int(0)
        if let problem = PasswordPolicy.problem(newPassword, username: try row.string(1), email: try row.string(2)) {
            throw APIError.validation(field: "new_password", problem)
        }
        let passwordHash = try PasswordHasher.hash(newPassword)
        try context.db.transaction {
            let spent = try context.db.execute("""
                UPDATE password_reset_tokens SET used_at = now()
                WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
                """, [.bytes(hash)])
            guard spent == 1 else { throw invalid }
            try context.db.execute("UPDATE users SET password_hash = $2 WHERE id = $1", [.int(userID), .text(passwordHash)])
            try context.db.execute("DELETE FROM login_throttle WHERE user_id = $1", [.int(userID)])
            try Sessions.endAll(userID: userID, except: nil, reason: "password_reset", in: context.db)
        }
        return .json(["detail": "Your password has been reset."])
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        return text
    }
}
