import AgoraCore
import AgoraCrypto
import AgoraPostgres
import AgoraRuntime

/// `POST /api/auth/login/`: username or email (ignoring case) and password, with per-account
/// throttling: the 11th failure within 15 minutes of the first is 429 until the window passes.
enum LoginHandler {
    static let maxFailures: Int64 = 10

    static let body = RequestBody(Field.string("username", length: 1...254).describe("Username or email."),
                                  Field.string("password", length: 1...4096))

    /// The account a name designates, with its failures in the current window.
    struct Candidate: PostgresRecord {
        static let columns: SQL = """
            \(UserRecord.columns), COALESCE(t.failures, 0)::bigint AS failures,
            COALESCE(ceil(extract(epoch FROM t.window_start + interval '15 minutes' - now())), 0)::bigint AS retry_after
            """
        let user: UserRecord
        let failures: Int64
        /// Seconds until the window ends.
        let retryAfter: Int64

        init(row: PostgresRow) throws(PostgresError) {
            user = try UserRecord(row: row)
            failures = try row.value("failures")
            retryAfter = try row.value("retry_after")
        }
    }

    static func handle(_ request: Request, _ context: Context) throws -> Response {
        let (name, password) = try body.decode(request)
        let candidates = try context.db.query("""
            SELECT \(Candidate.columns)
            FROM users u LEFT JOIN login_throttle t
                 ON t.user_id = u.id AND t.window_start > now() - interval '15 minutes'
            WHERE lower(u.username) = lower(\(name)) OR lower(u.email) = lower(\(name))
            LIMIT 1
            """, as: Candidate.self)
        guard let candidate = candidates.first else {
            // Unknown names count nothing, but cost the same time as a real check.
            PasswordHasher.dummyVerify()
            throw APIError.invalidCredentials
        }
        let user = candidate.user
        if candidate.failures >= maxFailures {
            throw APIError.rateLimited(retryAfter: Int(candidate.retryAfter))
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
            WITH cleared AS (DELETE FROM login_throttle WHERE user_id = \(user.id)),
                 opened AS (INSERT INTO auth_sessions (id, user_id, refresh_jti)
                            VALUES (\(pending.sessionID), \(user.id), \(pending.refresh.claims.jti))),
                 u AS (UPDATE users SET last_login = now(), password_hash = COALESCE(\(newHash), password_hash)
                       WHERE id = \(user.id) RETURNING *)
            SELECT \(UserRecord.columns) FROM u
            """, as: UserRecord.self)
        let updated = stamped.first ?? user
        let access = context.tokens.issue(.access, userID: user.id, sessionID: pending.sessionID)
        var result = Sessions.tokensJSON((access.token, pending.refresh.token))
        result["user"] = updated.privateJSON
        return .json(.object(result))
    }

    /// One atomic upsert: a failure outside the current window starts a new one.
    static func recordFailure(userID: Int64, in db: PostgresConnection) throws {
        try db.execute("""
            INSERT INTO login_throttle AS t (user_id, failures, window_start) VALUES (\(userID), 1, now())
            ON CONFLICT (user_id) DO UPDATE SET
                failures = CASE WHEN t.window_start <= now() - interval '15 minutes' THEN 1 ELSE t.failures + 1 END,
                window_start = CASE WHEN t.window_start <= now() - interval '15 minutes' THEN now() ELSE t.window_start END
            """)
    }
}
