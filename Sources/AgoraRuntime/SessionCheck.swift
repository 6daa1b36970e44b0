import AgoraCore
import AgoraCrypto
import AgoraPostgres

/// An access token is only as alive as its login session: one indexed lookup per authenticated
/// request (logout, password change and account deletion end sessions at once).
enum SessionCheck {

    /// The caller and their account row, read by the same lookup (so `GET /api/auth/user/`
    /// costs no second query).
    static func caller(for claims: JWTClaims, in db: PostgresConnection) throws -> (Caller, CallerAccount) {
        guard let userID = PathID.parse(claims.sub), let sessionID = claims.sid else {
            throw APIError.tokenInvalid()
        }
        let rows = try db.query("""
            SELECT u.username, u.is_admin, u.email, u.date_joined, u.last_login \
            FROM auth_sessions s JOIN users u ON u.id = s.user_id \
            WHERE s.id = \(sessionID) AND s.user_id = \(userID) AND s.ended_at IS NULL
            """)
        guard let row = rows.first else { throw APIError.tokenInvalid("The session has ended.") }
        let (username, isAdmin, email, dateJoined, lastLogin) = try row.decode((String, Bool, String, Timestamp, Timestamp?).self)
        let caller = Caller(id: userID, username: username, isAdmin: isAdmin, sessionID: sessionID)
        let account = CallerAccount(email: email, dateJoined: dateJoined, lastLogin: lastLogin)
        return (caller, account)
    }
}

/// The private columns of the caller's own user row, as the session lookup read them.
public struct CallerAccount: Sendable {
    public let email: String
    public let dateJoined: Timestamp
    public let lastLogin: Timestamp?
}
