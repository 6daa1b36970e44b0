import AgoraCore
import AgoraCrypto
import AgoraPostgres
import AgoraRuntime

/// `POST /api/auth/register/`: creates the user and their empty profile, logs them in.
enum RegisterHandler {
    static func handle(_ request: Request, _ context: Context) throws -> Response {
        var fields = try request.validator()
        let username = AccountFields.username(&fields)
        let email = fields.email("email")
        let password = PasswordPolicy.read("password", from: &fields, username: username, email: email)
        try fields.finish()
        guard let username, let email, let password else { throw APIError.badRequest("Invalid input.") }
        try AccountFields.checkTaken(username: username, email: email, exceptUserID: nil, in: context.db)
        let hash = try PasswordHasher.hash(password)
        return try context.db.transaction {
            let user = try AccountFields.mapUniqueViolation {
                try context.db.query("""
                    INSERT INTO users AS u (username, email, password_hash, last_login) VALUES ($1, $2, $3, now())
                    RETURNING \(UserRecord.columns)
                    """, [.text(username), .text(email), .text(hash)]).first.map { try UserRecord(row: $0) }
            }
            guard let user else { throw APIError.internalError }
            try context.db.execute("INSERT INTO profiles (user_id) VALUES ($1)", [.int(user.id)])
            var body = Sessions.tokensJSON(try Sessions.start(userID: user.id, context: context))
            body["user"] = user.privateJSON
            return .json(.object(body), status: 201)
        }
    }
}
