import AgoraCore
import AgoraRuntime

/// The OpenAPI words of each route: what it does, its examples, and the errors of its own.
extension AuthFunction {
    static let taken = ErrorDoc(409, "The username or the email already belongs to another account (ignoring case); "
                                + "`fields` names which.",
                                fields: ["username": "A user with that username already exists."])

    static let register = OperationDoc(
        "auth_register", "Register a new user",
        description: "Creates the account and its empty profile and logs it in (a new session). "
            + "`last_login` is set at registration.",
        body: RegisterHandler.body,
        bodyExample: ["username": "alice", "email": "alice@example.com", "password": "correct horse battery"],
        responses: [.json(201, "The new user, logged in.", Schema.ref("AuthResult"), example: authResultExample)],
        errors: [taken])

    static let locked = ErrorDoc(429, "The account's password checks are locked after 10 failures within 15 minutes "
                                 + "(failed logins and wrong passwords here count together), or the gateway's "
                                 + "per-client rate: wait `Retry-After` seconds.")

    static let login = OperationDoc(
        "auth_login", "Log in",
        description: "`username` may be the username or the email, both ignoring case. Starts a new session. "
            + "After 10 failed attempts for one account within 15 minutes, further attempts for it "
            + "(even with the right password) get 429 with `Retry-After` until the window passes; a "
            + "success resets the count; unknown names count nothing. Each attempt is counted before the "
            + "password is checked, so of concurrent wrong guesses exactly 10 are checked. The same count "
            + "covers `current_password` in `PUT /api/auth/user/` and `password` in `DELETE /api/auth/user/`. "
            + "Passwords imported from Django "
            + "(`pbkdf2_sha256$...`) are accepted and re-hashed as Argon2id.",
        body: LoginHandler.body,
        bodyExample: ["username": "alice", "password": "correct horse battery"],
        responses: [.json(200, "Logged in.", Schema.ref("AuthResult"), example: authResultExample)],
        errors: [
            ErrorDoc(401, "Wrong username or password (`invalid_credentials`, simplejwt's \"No active account found "
                     + "with the given credentials.\"), or a bad `Authorization` header (`token_invalid`, "
                     + "`token_expired`).",
                     codes: ["invalid_credentials", "not_authenticated", "token_invalid", "token_expired"]),
            ErrorDoc(429, "Too many failed logins for this account (or too many requests from this client): wait "
                     + "`Retry-After` seconds."),
        ])

    static let refresh = OperationDoc(
        "auth_refresh", "Refresh the access token",
        description: "Exchanges the session's current refresh token for a new pair: the refresh token is "
            + "rotated and the old one stops working. Presenting an already rotated token ends that "
            + "session (theft detection), its access tokens too; of two concurrent refreshes with the same "
            + "token exactly one succeeds.",
        body: TokenHandlers.body, bodyExample: ["refresh": .string(refreshExample)],
        responses: [.json(200, "A new token pair.", Schema.ref("TokenPair"), example: tokenPairExample)])

    static let logout = OperationDoc(
        "auth_logout", "Log out",
        description: "Ends the refresh token's session at once: its refresh token and its access tokens stop "
            + "working. Idempotent: an already ended session is 204. Needs no `Authorization` header; a "
            + "malformed or foreign token in `refresh` is 401 `token_invalid`.",
        body: TokenHandlers.body, bodyExample: ["refresh": .string(refreshExample)],
        responses: [.noContent("The session has ended.")])

    static let retrieveUser = OperationDoc(
        "auth_user_retrieve", "Get current user details",
        responses: [.json(200, "The caller's account.", Schema.ref("PrivateUser"), example: UserRecord.example)])

    static let updateUser = OperationDoc(
        "auth_user_update", "Update user details",
        description: "Replaces `username` and `email` (both required, as a DRF full update). Changing the "
            + "email or setting `password` needs the right `current_password` (else 400 on "
            + "`current_password`). A new password ends every other session of the user and keeps the "
            + "caller's. A password or email change spends every outstanding password-reset link. "
            + "`current_password` is checked under the login throttle: a wrong one counts as a failed login "
            + "of the account, and after 10 failures within 15 minutes the change is 429 (even with the right "
            + "password) until the window passes; a right one resets the count.",
        body: CurrentUserHandlers.updateBody,
        bodyExample: ["username": "alice", "email": "alice@example.org", "current_password": "correct horse battery"],
        responses: [.json(200, "The updated account.", Schema.ref("PrivateUser"), example: UserRecord.example)],
        errors: [taken, locked])

    static let destroyUser = OperationDoc(
        "auth_user_destroy", "Delete user account",
        description: "Needs the account's `password` (a wrong one is 400 on `password`). Deletes the account and "
            + "everything it owns or wrote in one transaction; its tokens stop working at once. `password` is "
            + "checked under the login throttle, as in `PUT`.",
        body: CurrentUserHandlers.deleteBody, bodyExample: ["password": "correct horse battery"],
        responses: [.noContent("The account and everything it owned are deleted.")],
        errors: [locked])

    static let passwordReset = OperationDoc(
        "auth_password_reset", "Request a password reset",
        description: "202 for any well-formed email, whether or not an account has it (no account "
            + "enumeration). When one does, a single-use link valid for 1 hour is emailed (written to the "
            + "outbox in the same transaction) and the account's earlier links stop working (only the newest "
            + "works). A malformed email is 400. Requests are limited to \(PasswordResetHandlers.perAddress) per "
            + "address (registered or not) and \(PasswordResetHandlers.perClient) per client address in an hour: "
            + "beyond either, 429 with `Retry-After`, and nothing is sent. A registered and an unknown address "
            + "take the same path (one statement that commits), so the answer's timing does not tell them apart.",
        body: PasswordResetHandlers.requestBody, bodyExample: ["email": "alice@example.com"],
        responses: [.json(202, "Accepted.", Schema.ref("Detail"),
                          example: ["detail": "If an account with that email exists, a password reset link has been sent."])],
        errors: [ErrorDoc(429, "More than \(PasswordResetHandlers.perAddress) requests for this address, or "
                          + "\(PasswordResetHandlers.perClient) from this client, within an hour (or the gateway's "
                          + "per-client rate): wait `Retry-After` seconds.")])

    static let passwordResetConfirm = OperationDoc(
        "auth_password_reset_confirm", "Confirm a password reset",
        description: "Sets `new_password` with the token from the email. A bad, used or expired token is 400 "
            + "`token_invalid`; a weak new password is 400 on `new_password` and does not spend the token. "
            + "A reset ends every session of the user and clears the login throttle.",
        body: PasswordResetHandlers.confirmBody,
        bodyExample: ["token": "q8Xf2Lw7o0nUuQ6y3k1pZJ4m9sTq2bVd8rC5hE1aG0I", "new_password": "a new horse battery"],
        responses: [.json(200, "The password is changed.", Schema.ref("Detail"),
                          example: ["detail": "Your password has been reset."])],
        errors: [ErrorDoc(400, "Invalid body (`invalid_json`, `validation_failed` with `fields`), or a bad, used or "
                          + "expired token (`token_invalid`).",
                          codes: ["invalid_json", "validation_failed", "token_invalid"])])
}
