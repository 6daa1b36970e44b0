import AgoraCore
import AgoraCrypto
import AgoraPostgres
import AgoraRuntime

/// `POST /api/auth/password-reset/` and `.../confirm/`: a single-use random token stored only as
/// its SHA-256, valid one hour, mailed through the `email_outbox` table in the same statement.
enum PasswordResetHandlers {
    static let requestBody = RequestBody(AccountFields.email)
    /// The new password's likeness to the account's names is checked once the token names the account.
    static let confirmBody = RequestBody(Field.string("token", length: 1...512).describe("The token of the emailed link."),
                                         PasswordPolicy.field("new_password"))

    static let accepted = Response.json(
        ["detail": "If an account with that email exists, a password reset link has been sent."], status: 202)
    static let invalidToken = APIError(status: 400, code: "token_invalid", message: "The reset token is invalid or has expired.")

    /// Requests per address (registered or not, so a 429 tells nothing) and per client address in
    /// one hour.
    static let perAddress = 5, perClient = 50

    /// Known and unknown addresses take the same path, one statement that also counts the request
    /// and commits: the answer's timing does not tell whether the address is registered. A request
    /// over either limit is 429 and stores nothing else.
    static func request(_ request: Request, _ context: Context) throws -> Response {
        let email = try requestBody.decode(request)
        let token = SecureRandom.token(byteCount: 32)
        let link = context.config.publicBaseURL.trimmingSuffix("/") + "/reset-password?token=" + token
        let body = """
            Hello {username},

            Someone asked to reset the password of your Agora account. To choose a new password, open
            \(link)
            within one hour. If it was not you, ignore this email: your password has not changed.
            """
        let client = "reset-client:" + (request.remoteAddress ?? "")
        // The token and its email are stored together or not at all. An account has at most one
        // live token (a unique index): the new one replaces it, so only the newest link works,
        // also when two requests race. The account's row is locked and its email checked again
        // on the latest version (FOR UPDATE): an email change committed while this statement
        // waited leaves no token mailed to the old address.
        let rows = try context.db.query("""
            WITH hits AS (
                INSERT INTO rate_limits AS l (key, hits, window_start)
                VALUES ('reset-email:' || lower(\(email)), 1, now()), (\(client), 1, now())
                ON CONFLICT (key) DO UPDATE SET
                    hits = CASE WHEN l.window_start <= now() - interval '1 hour' THEN 1 ELSE l.hits + 1 END,
                    window_start = CASE WHEN l.window_start <= now() - interval '1 hour' THEN now() ELSE l.window_start END
                RETURNING key, hits, window_start),
            verdict AS (
                SELECT COALESCE(max(ceil(extract(epoch FROM window_start + interval '1 hour' - now())))
                                FILTER (WHERE hits > CASE WHEN key = \(client) THEN \(perClient)::integer ELSE \(perAddress)::integer END), 0)::bigint
                       AS retry_after
                FROM hits),
            u AS (SELECT id, username, email FROM users
                  WHERE lower(email) = lower(\(email)) AND (SELECT retry_after FROM verdict) = 0
                  FOR UPDATE),
            t AS (INSERT INTO password_reset_tokens (token_hash, user_id, expires_at)
                  SELECT \(Digest.sha256(Array(token.utf8))), id, now() + interval '1 hour' FROM u
                  ON CONFLICT (user_id) WHERE used_at IS NULL DO UPDATE
                  SET token_hash = EXCLUDED.token_hash, created_at = now(), expires_at = EXCLUDED.expires_at),
            mail AS (INSERT INTO email_outbox (recipient, subject, body)
                     SELECT email, 'Reset your Agora password', replace(\(body), '{username}', username) FROM u),
            swept AS (DELETE FROM rate_limits WHERE key IN (
                          SELECT key FROM rate_limits
                          WHERE window_start < now() - interval '1 hour'
                            AND key NOT IN ('reset-email:' || lower(\(email)), \(client))
                          LIMIT 8 FOR UPDATE SKIP LOCKED))
            SELECT retry_after FROM verdict
            """)
        let retryAfter = try rows.first?.value("retry_after", as: Int64.self) ?? 0
        if retryAfter > 0 { throw APIError.rateLimited(retryAfter: Int(retryAfter)) }
        return accepted
    }

    /// Spends every outstanding reset token of the user: a new request, a successful reset, a
    /// password change and an email change each leave no link that still works.
    static func spendAll(_ userID: Int64) -> SQL {
        "UPDATE password_reset_tokens SET used_at = now() WHERE user_id = \(userID) AND used_at IS NULL"
    }

    /// A weak new password is refused before the token is spent; spending it is atomic.
    static func confirm(_ request: Request, _ context: Context) throws -> Response {
        let (token, newPassword) = try confirmBody.decode(request)
        let hash = Digest.sha256(Array(token.utf8))
        let rows = try context.db.query("""
            SELECT u.id, u.username, u.email FROM password_reset_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(hash) AND t.used_at IS NULL AND t.expires_at > now()
            """)
        guard let row = rows.first else { throw invalidToken }
        let (userID, username, email) = try row.decode((Int64, String, String).self)
        if let problem = PasswordPolicy.problem(newPassword, username: username, email: email) {
            throw APIError.validation(field: "new_password", problem)
        }
        let passwordHash = try PasswordHasher.hash(newPassword)
        try context.db.transaction {
            let spent = try context.db.execute("""
                UPDATE password_reset_tokens SET used_at = now()
                WHERE token_hash = \(hash) AND used_at IS NULL AND expires_at > now()
                """)
            guard spent == 1 else { throw invalidToken }
            try context.db.execute(spendAll(userID))
            try context.db.execute("UPDATE users SET password_hash = \(passwordHash) WHERE id = \(userID)")
            try context.db.execute(PasswordThrottle.clear(userID: userID))
            try Sessions.endAll(userID: userID, except: nil, reason: "password_reset", context: context)
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
