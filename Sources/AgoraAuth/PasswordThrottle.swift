import AgoraCore
import AgoraCrypto
import AgoraPostgres
import AgoraRuntime

/// One throttle for every check of an account's password: login, `PUT /api/auth/user/`
/// (`current_password`) and `DELETE /api/auth/user/` (`password`). Each check reserves its attempt
/// before the hash is computed, in one atomic upsert, so concurrent wrong guesses cannot slip past
/// the limit; a match clears the count, a mismatch leaves the reservation counted as a failure.
/// While the account is locked every check is 429, the right password included.
enum PasswordThrottle {
    static let maxFailures: Int64 = 10

    /// The upsert that reserves an attempt for the users of `accounts` (a select of `id`): a new
    /// window starts when the last one is over; an account at the limit gets no row back.
    static func reserve(from accounts: SQL) -> SQL {
        """
        INSERT INTO login_throttle AS t (user_id, failures, window_start)
        SELECT id, 1, now() FROM \(accounts)
        ON CONFLICT (user_id) DO UPDATE SET
            failures = CASE WHEN t.window_start <= now() - interval '15 minutes' THEN 1 ELSE t.failures + 1 END,
            window_start = CASE WHEN t.window_start <= now() - interval '15 minutes' THEN now() ELSE t.window_start END
        WHERE t.window_start <= now() - interval '15 minutes' OR t.failures < \(maxFailures)
        RETURNING user_id
        """
    }

    /// Seconds until the lock of the account whose id is the SQL `userID` ends, read in the same
    /// statement as the reservation (so from before it).
    static func retryAfter(_ userID: SQL) -> SQL {
        """
        COALESCE((SELECT ceil(extract(epoch FROM l.window_start + interval '15 minutes' - now()))
                  FROM login_throttle l WHERE l.user_id = \(userID)), 1)::bigint
        """
    }

    /// Reserves one password check for `userID`, or throws 429 with the seconds left.
    static func reserve(userID: Int64, in db: PostgresConnection) throws {
        let rows = try db.query("""
            WITH account AS (SELECT \(userID)::bigint AS id), r AS (\(reserve(from: "account")))
            SELECT EXISTS (SELECT 1 FROM r) AS reserved, \(retryAfter("\(userID)")) AS retry_after
            """)
        guard let row = rows.first else { return }
        let (reserved, seconds) = try row.decode((Bool, Int64).self)
        if !reserved { throw APIError.rateLimited(retryAfter: Int(seconds)) }
    }

    /// The statement a successful check runs: the count starts again.
    static func clear(userID: Int64) -> SQL {
        "DELETE FROM login_throttle WHERE user_id = \(userID)"
    }

    /// Checks `password` against the account's hash under the throttle: 429 while locked, the
    /// validation error `field` names on a mismatch.
    static func verify(_ password: String, of user: UserRecord, field: String, message: String,
                       in db: PostgresConnection) throws {
        try reserve(userID: user.id, in: db)
        guard case .match = PasswordHasher.verify(password, against: user.passwordHash) else {
            throw APIError.validation(field: field, message)
        }
        try db.execute(clear(userID: user.id))
    }
}
