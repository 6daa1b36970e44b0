import AgoraCore
import AgoraCrypto
import AgoraPostgres
import AgoraRuntime

/// `POST /api/auth/register/`: creates the user and their empty profile, logs them in.
enum RegisterHandler {
    /// Other fields (`is_admin`, `id`, ...) are ignored.
    static let body = RequestBody(AccountFields.username, AccountFields.email, AccountFields.password)

    static func handle(_ request: Request, _ context: Context) throws -> Response {
        let (username, email, password) = try body.decode(request)
        try AccountFields.checkTaken(username: username, email: email, exceptUserID: nil, in: context.db)
        let hash = try PasswordHasher.hash(password)
        return try context.db.transaction {
            let user = try AccountFields.mapUniqueViolation {
                try context.db.found("""
                    WITH u AS (INSERT INTO users (username, email, password_hash, last_login)
                               VALUES (\(username), \(email), \(hash), now()) RETURNING *),
                         p AS (INSERT INTO profiles (user_id) SELECT id FROM u)
                    SELECT \(UserRecord.columns) FROM u
                    """, as: UserRecord.self)
            }
            var result = Sessions.tokensJSON(try Sessions.start(userID: user.id, context: context))
            result["user"] = user.privateUser.json
            return .json(.object(result), status: 201)
        }
    }
}
