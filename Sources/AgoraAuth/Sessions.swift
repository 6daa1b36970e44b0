import AgoraCore
import AgoraCrypto
import AgoraPostgres
import AgoraRuntime

/// Login sessions (refresh-token families): creation at login, rotation, reuse detection, ends.
enum Sessions {
    /// A new session id and the first refresh token of its family (not yet stored).
    static func issueRefresh(userID: Int64, context: Context) -> (sessionID: String, refresh: IssuedToken) {
        let sessionID = SecureRandom.token(byteCount: 18)
        return (sessionID, context.tokens.issue(.refresh, userID: userID, sessionID: sessionID))
    }

    /// Starts a session for `userID` and returns `{access, refresh}`.
    static func start(userID: Int64, context: Context) throws -> (access: String, refresh: String) {
        let (sessionID, refresh) = issueRefresh(userID: userID, context: context)
        try context.db.execute("""
            INSERT INTO auth_sessions (id, user_id, refresh_jti) VALUES (\(sessionID), \(userID), \(refresh.claims.jti))
            """)
        let access = context.tokens.issue(.access, userID: userID, sessionID: sessionID)
        return (access.token, refresh.token)
    }

    /// Rotates a refresh token in one atomic statement: only the family's current token can be
    /// exchanged, once. Presenting any other token of a live family ends it (theft detection).
    static func rotate(_ claims: JWTClaims, context: Context) throws -> (access: String, refresh: String) {
        guard let sessionID = claims.sid, let userID = PathID.parse(claims.sub) else { throw APIError.tokenInvalid() }
        let next = context.tokens.issue(.refresh, userID: userID, sessionID: sessionID)
        let rotated = try context.db.execute("""
            UPDATE auth_sessions SET refresh_jti = \(next.claims.jti), refreshed_at = now()
            WHERE id = \(sessionID) AND user_id = \(userID) AND refresh_jti = \(claims.jti) AND ended_at IS NULL
            """)
        guard rotated == 1 else {
            try end(sessionID: sessionID, userID: userID, reason: "refresh_reuse", context: context)
            throw APIError.tokenInvalid("The refresh token is no longer valid.")
        }
        let access = context.tokens.issue(.access, userID: userID, sessionID: sessionID)
        return (access.token, next.token)
    }

    /// Ends a session, and closes the real-time streams opened in it (at once, even inside a
    /// transaction: closing a stream that outlives a rolled-back logout only makes it reconnect).
    static func end(sessionID: String, userID: Int64, reason: String, context: Context) throws {
        let ended = try context.db.query("""
            UPDATE auth_sessions SET ended_at = now(), end_reason = \(reason)
            WHERE id = \(sessionID) AND user_id = \(userID) AND ended_at IS NULL RETURNING id
            """).map { try $0.decode(String.self) }
        context.closeStreams(ofSessions: ended)
    }

    /// Ends every live session of the user except `keep` (nil: all of them), and their streams.
    static func endAll(userID: Int64, except keep: String?, reason: String, context: Context) throws {
        let ended = try context.db.query("""
            UPDATE auth_sessions SET ended_at = now(), end_reason = \(reason)
            WHERE user_id = \(userID) AND ended_at IS NULL AND id <> \(keep ?? "") RETURNING id
            """).map { try $0.decode(String.self) }
        context.closeStreams(ofSessions: ended)
    }

    static func tokensJSON(_ pair: (access: String, refresh: String)) -> [String: JSON] {
        ["access": .string(pair.access), "refresh": .string(pair.refresh)]
    }
}
