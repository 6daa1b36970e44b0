import AgoraCore
import AgoraCrypto
import AgoraRuntime

/// `GET/PUT/DELETE /api/auth/user/`: the caller's own account.
enum CurrentUserHandlers {
    /// PUT: username and email required (a full update), the password fields optional. Other
    /// fields (`is_admin`, ...) are ignored.
    static let updateBody = RequestBody(AccountFields.username, AccountFields.email, AccountFields.password.optional(),
                                        Field.string("current_password", length: 0...4096).optional())
    static let deleteBody = RequestBody(Field.string("password", length: 1...4096))

    static func current(_ context: Context) throws -> (Caller, UserRecord) {
        let caller = try context.requireCaller()
        guard let user = try UserRecord.find(id: caller.id, in: context.db) else { throw APIError.tokenInvalid() }
        return (caller, user)
    }

    /// The session check already read the account: no query of its own.
    static func get(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        guard let account = context.account else { return .json(try current(context).1.privateUser) }
        return .json(UserRecord.PrivateUser(
            id: caller.id, username: caller.username, email: account.email, isAdmin: caller.isAdmin,
            dateJoined: account.dateJoined, lastLogin: account.lastLogin))
    }

    /// A new password or email needs `current_password`, checked under the login throttle; a new
    /// password ends every other session of the user and keeps the caller's.
    static func put(_ request: Request, _ context: Context) throws -> Response {
        let (caller, user) = try current(context)
        let (username, email, password, currentPassword) = try updateBody.decode(request)
        if password != nil || email.lowercased() != user.email.lowercased() {
            let wrong = "Your current password was entered incorrectly."
            guard let currentPassword else { throw APIError.validation(field: "current_password", wrong) }
            try PasswordThrottle.verify(currentPassword, of: user, field: "current_password", message: wrong, in: context.db)
        }
        try AccountFields.checkTaken(username: username, email: email, exceptUserID: user.id, in: context.db)
        let hash = try password.map { try PasswordHasher.hash($0) }
        return try context.db.transaction {
            let updated = try AccountFields.mapUniqueViolation {
                try context.db.query("""
                    UPDATE users u SET username = \(username), email = \(email),
                                       password_hash = COALESCE(\(hash), password_hash)
                    WHERE u.id = \(user.id) RETURNING \(UserRecord.columns)
                    """, as: UserRecord.self).first
            }
            // The account was deleted since the session check.
            guard let updated else { throw APIError.tokenInvalid() }
            if hash != nil {
                try Sessions.endAll(userID: user.id, except: caller.sessionID, reason: "password_changed", context: context)
            }
            // A reset link mailed before a password or email change must not outlive it.
            if hash != nil || email.lowercased() != user.email.lowercased() {
                try context.db.execute(PasswordResetHandlers.spendAll(user.id))
            }
            return .json(updated.privateUser)
        }
    }

    /// Deletes the account and everything it owns in one transaction (foreign keys cascade).
    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let (_, user) = try current(context)
        let password = try deleteBody.decode(request)
        try PasswordThrottle.verify(password, of: user, field: "password", message: "The password is incorrect.", in: context.db)
        let files = try context.db.transaction {
            try AccountDeletion.delete(userID: user.id, context: context)
        }
        AccountDeletion.removeFiles(files, context: context)  // after COMMIT
        return .noContent
    }
}
