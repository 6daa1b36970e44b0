import AgoraCore
import AgoraCrypto
import AgoraPostgres
import AgoraRuntime

/// `POST /api/auth/login/`: username or email (ignoring case) and password, with per-account
/// throttling: the 11th failure within 15 minutes of the first is 429 until the window passes.
enum LoginHandler {
    static let maxFailures: Int64 = 10

    static func handle(_ request: Request, _ context: Context) throws -> Response {
        var fields = try request.validator()
        let name = fields.string("username", length: 1...254)
        let password = fields.string("password", length: 1...4096)
        try fields.finish()
        guard let name, let password else { throw APIError.badRequest("Invalid input.") }

        let rows = try context.db.query("""
            SELECT \(UserRecord.columns), COALESCE(t.failures, 0)::bigint,
                   COALESCE(ceil(extract(epoch FROM t.window_start + interval '15 minutes' - now())), 0)::bigint
            FROM users u LEFT JOIN login_throttle t
                 ON t.user_id = u.id AND t.window_start > now() - interval '15 minutes'
            WHERE lower(u.username) = lower($1) OR lower(u.email) = lower($1)
            LIMIT 1
            """, [.text(name)])
        guard let row = rows.first else {
            // Unknown names count nothing, but cost the same time as a real check.
            PasswordHasher.dummyVerify()
            throw APIError.invalidCredentials
        }
        let user = try UserRecord(row: row)
        if try row.int(7) >= maxFailures {
            throw APIError.rateLimited(retryAfter: Int(try row.int(8)))
        }
        guard case .match(let needsRehash) = PasswordHasher.verify(password, against: user.passwordHash) else {
            try recordFailure(userID: user.id, in: context.db)
            throw APIError.invalidCredentials
        }
        // One statement (one round trip, one implicit transaction): clear the failures, re-hash
        // if due, stamp last_login and open the session.
        let pending = Sessions.issueRefresh(userID: user.id, context: context)
        let newHash = needsRehash ? try PasswordHasher.hash(password) : nil
        let stamped = try context.db.query("""
            WITH cleared AS (DELETE FROM login_throttle WHERE user_id = $1),
                 opened AS (INSERT INTO auth_sessions (id, user_id, refresh_jti) VALUES ($2, $1, $3)),
                 u AS (UPDATE users SET last_login = now(), password_hash = COALESCE($4, password_hash)
                       WHERE id = $1 RETURNING *)
            SELECT \(UserRecord.columns) FROM u
            """, [.int(user.id), .text(pending.sessionID), .text(pending.refresh.claims.jti), .text(newHash)])
        let updated = try stamped.first.map { try UserRecord(row: $0) } ?? user
        let access = context.tokens.issue(.access, userID: user.id, sessionID: pending.sessionID)
        var body = Sessions.tokensJSON((access.token, pending.refresh.token))
        body["user"] = updated.privateJSON
        return .json(.object(body))
    }

    /// One atomic upsert: a failure outside the current window starts a new one.
    static func recordFailure(userID: Int64, in db: PostgresConnection) throws {
        try db.execute("""
            INSERT INTO login_throttle AS t (user_id, failures, window_start) VALUES ($1, 1, now())
            ON CONFLICT (user_id) DO UPDATE SET
                failures = CASE WHEN t.window_start <= now() - interval '15 minutes' THEN 1 ELSE t.failures + 1 END,
                window_start = CASE WHEN t.window_start <= now() - interval '15 minutes' THEN now() ELSE t.window_start END
            """, [.int(userID)])
    }
}
