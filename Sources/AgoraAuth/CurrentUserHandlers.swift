import AgoraCore
import AgoraCrypto
import AgoraRuntime

/// `GET/PUT/DELETE /api/auth/user/`: the caller's own account.
enum CurrentUserHandlers {
    static func current(_ context: Context) throws -> (Caller, UserRecord) {
        let caller = try context.requireCaller()
        guard let user = try UserRecord.find(id: caller.id, in: context.db) else { throw APIError.tokenInvalid() }
        return (caller, user)
    }

    static func get(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        guard let account = context.account else { return .json(try current(context).1.privateJSON) }
        return .json(UserRecord.privateJSON(
            id: caller.id, username: caller.username, email: account.email, isAdmin: caller.isAdmin,
            dateJoined: account.dateJoined, lastLogin: account.lastLogin))
    }

    /// Username and email are required (PUT); a new password or email needs `current_password`;
    /// a new password ends every other session of the user and keeps the caller's.
    static func put(_ request: Request, _ context: Context) throws -> Response {
        let (caller, user) = try current(context)
        var fields = try request.validator()
        let username = AccountFields.username(&fields)
        let email = fields.email("email")
        let password = fields.has("password")
            ? PasswordPolicy.read("password", from: &fields, username: username ?? user.username, email: email ?? user.email)
            : nil
        let currentPassword = fields.string("current_password", required: false, length: 0...4096)
        try fields.finish()
        guard let username, let email else { throw APIError.badRequest("Invalid input.") }
        let emailChanges = email.lowercased() != user.email.lowercased()
        if password != nil || emailChanges {
            guard let currentPassword, case .match = PasswordHasher.verify(currentPassword, against: user.passwordHash) else {
                throw APIError.validation(field: "current_password", "Your current password was entered incorrectly.")
            }
        }
        try AccountFields.checkTaken(username: username, email: email, exceptUserID: user.id, in: context.db)
        let hash = try password.map { try PasswordHasher.hash($0) }
        return try context.db.transaction {
            let updated = try AccountFields.mapUniqueViolation {
                try context.db.query("""
                    UPDATE users u SET username = $2, email = $3, password_hash = COALESCE($4, password_hash)
                    WHERE u.id = $1 RETURNING \(UserRecord.columns)
                    """, [.int(user.id), .text(username), .text(email), .text(hash)]).first.map { try UserRecord(row: $0) }
            }
            guard let updated else { throw APIError.tokenInvalid() }
            if hash != nil {
                try Sessions.endAll(userID: user.id, except: caller.sessionID, reason: "password_changed", in: context.db)
            }
            return .json(updated.privateJSON)
        }
    }

    /// Deletes the account and everything it owns in one transaction (foreign keys cascade).
    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let (_, user) = try current(context)
        var fields = try request.validator()
        let password = fields.string("password", length: 1...4096)
        try fields.finish()
        guard let password, case .match = PasswordHasher.verify(password, against: user.passwordHash) else {
            throw APIError.validation(field: "password", "The password is incorrect.")
        }
        try context.db.transaction {
            try AccountDeletion.delete(userID: user.id, context: context)
        }
        return .noContent
    }
}
