import AgoraCore
import AgoraCrypto
import AgoraPostgres
import AgoraRuntime

/// `POST /api/auth/login/`: username or email (ignoring case) and password, under the account's
/// password throttle: the attempt is reserved before the hash is checked, and the 11th failure
/// within 15 minutes of the first is 429 until the window passes.
enum LoginHandler {
    static let body = RequestBody(Field.string("username", length: 1...254).describe("Username or email."),
                                  Field.string("password", length: 1...4096))

    /// The account a name designates, and whether its attempt was reserved.
    struct Candidate: PostgresRecord {
        static let columns: SQL = """
            \(UserRecord.columns), EXISTS (SELECT 1 FROM r) AS reserved,
            \(PasswordThrottle.retryAfter("u.id")) AS retry_after
            """
        let user: UserRecord
        let reserved: Bool
        /// Seconds until the window ends, when locked.
        let retryAfter: Int64

        init(row: PostgresRow) throws(PostgresError) {
            user = try UserRecord(row: row)
            reserved = try row.value("reserved")
            retryAfter = try row.value("retry_after")
        }
    }

    static func handle(_ request: Request, _ context: Context) throws -> Response {
        let (name, password) = try body.decode(request)
        // One statement: find the account and reserve its attempt.
        let candidates = try context.db.query("""
            WITH u AS (SELECT * FROM users u WHERE lower(u.username) = lower(\(name)) OR lower(u.email) = lower(\(name)) LIMIT 1),
                 r AS (\(PasswordThrottle.reserve(from: "u")))
            SELECT \(Candidate.columns) FROM u
            """, as: Candidate.self)
        guard let candidate = candidates.first else {
            // Unknown names count nothing, but cost the same time as a real check.
            PasswordHasher.dummyVerify()
            throw APIError.invalidCredentials
        }
        let user = candidate.user
        if !candidate.reserved {
            throw APIError.rateLimited(retryAfter: Int(candidate.retryAfter))
        }
        // A mismatch leaves the reserved attempt counted as a failure.
        guard case .match(let needsRehash) = PasswordHasher.verify(password, against: user.passwordHash) else {
            throw APIError.invalidCredentials
        }
        // One statement (one round trip, one implicit transaction): clear the failures, re-hash
        // if due, stamp last_login and open the session.
        let pending = Sessions.issueRefresh(userID: user.id, context: context)
        let newHash = needsRehash ? try PasswordHasher.hash(password) : nil
        let stamped = try context.db.query("""
            WITH cleared AS (\(PasswordThrottle.clear(userID: user.id))),
                 opened AS (INSERT INTO auth_sessions (id, user_id, refresh_jti)
                            VALUES (\(pending.sessionID), \(user.id), \(pending.refresh.claims.jti))),
                 u AS (UPDATE users SET last_login = now(), password_hash = COALESCE(\(newHash), password_hash)
                       WHERE id = \(user.id) RETURNING *)
            SELECT \(UserRecord.columns) FROM u
            """, as: UserRecord.self)
        let updated = stamped.first ?? user
        let access = context.tokens.issue(.access, userID: user.id, sessionID: pending.sessionID)
        var result = Sessions.tokensJSON((access.token, pending.refresh.token))
        result["user"] = updated.privateUser.json
        return .json(.object(result))
    }
}
