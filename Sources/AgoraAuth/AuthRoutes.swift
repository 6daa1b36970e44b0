public import AgoraCore
public import AgoraRuntime

/// The `auth` function: `/api/auth/...` (API.md section 2).
public enum AuthRoutes {
    public static func register(_ router: inout Router<Context>) {
        router.post("/api/auth/register/", RegisterHandler.handle)
        router.post("/api/auth/login/", LoginHandler.handle)
        router.post("/api/auth/refresh/", TokenHandlers.refresh)
        router.post("/api/auth/logout/", TokenHandlers.logout)
        router.get("/api/auth/user/", auth: .required, CurrentUserHandlers.get)
        router.put("/api/auth/user/", auth: .required, CurrentUserHandlers.put)
        router.delete("/api/auth/user/", auth: .required, CurrentUserHandlers.delete)
        router.post("/api/auth/password-reset/", PasswordResetHandlers.request)
        router.post("/api/auth/password-reset/confirm/", PasswordResetHandlers.confirm)
    }
}
