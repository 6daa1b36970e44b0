public import AgoraCore
public import AgoraRuntime

/// The `auth` function: `/api/auth/...`. Accounts, tokens, sessions and password reset.
public enum AuthFunction: FunctionDefinition {
    public static let name = "auth"
    public static let summary = "Accounts, tokens, sessions and password reset. Tokens are JWT (HS256) like "
        + "djangorestframework-simplejwt's, with `ROTATE_REFRESH_TOKENS` and `BLACKLIST_AFTER_ROTATION` on: access "
        + "tokens live 15 minutes, refresh tokens 7 days."
    public static let schemas: [String: JSON] = [
        "PrivateUser": UserRecord.schema, "TokenPair": tokenPairSchema, "AuthResult": authResultSchema,
        "Detail": detailSchema,
    ]

    public static func routes(_ router: inout Router<Context>) {
        router.post("/api/auth/register/", register, RegisterHandler.handle)
        router.post("/api/auth/login/", login, LoginHandler.handle)
        router.post("/api/auth/refresh/", refresh, TokenHandlers.refresh)
        router.post("/api/auth/logout/", logout, TokenHandlers.logout)
        router.get("/api/auth/user/", auth: .required, retrieveUser, CurrentUserHandlers.get)
        router.put("/api/auth/user/", auth: .required, updateUser, CurrentUserHandlers.put)
        router.delete("/api/auth/user/", auth: .required, destroyUser, CurrentUserHandlers.delete)
        router.post("/api/auth/password-reset/", passwordReset, PasswordResetHandlers.request)
        router.post("/api/auth/password-reset/confirm/", passwordResetConfirm, PasswordResetHandlers.confirm)
    }

    // MARK: Component schemas

    static let accessExample = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0eXAiOiJhY2Nlc3MiLCJzdWIiOiI0MiJ9.c2lnbmF0dXJl"
    static let refreshExample = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0eXAiOiJyZWZyZXNoIiwic3ViIjoiNDIifQ.c2lnbmF0dXJl"
    static let tokenPairExample: JSON = ["access": .string(accessExample), "refresh": .string(refreshExample)]
    static let authResultExample: JSON = [
        "user": UserRecord.example, "access": .string(accessExample), "refresh": .string(refreshExample),
    ]

    static let tokenPairSchema = Schema.object([
        ("access", Schema.string(1, description: "Access token (15 minutes).")),
        ("refresh", Schema.string(1, description: "Refresh token (7 days, single use: every refresh rotates it).")),
    ], example: tokenPairExample)

    static let authResultSchema = Schema.object([
        ("user", Schema.ref("PrivateUser")), ("access", Schema.string(1)), ("refresh", Schema.string(1)),
    ], description: "simplejwt's token pair with the user added.", example: authResultExample)

    static let detailSchema = Schema.object([("detail", Schema.string(1))],
                                            example: ["detail": "Your password has been reset."])
}
