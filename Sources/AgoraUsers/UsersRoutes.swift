public import AgoraCore
public import AgoraRuntime

/// The `users` function: `/api/users/` and `/api/users/{id}/profile/` (API.md section 3).
public enum UsersRoutes {
    public static func register(_ router: inout Router<Context>) {
        router.get("/api/users/", auth: .required, UserListHandler.handle)
        router.get("/api/users/{id}/profile/", auth: .required, ProfileHandlers.get)
        router.put("/api/users/{id}/profile/", auth: .required, ProfileHandlers.update(partial: false))
        router.patch("/api/users/{id}/profile/", auth: .required, ProfileHandlers.update(partial: true))
    }
}
