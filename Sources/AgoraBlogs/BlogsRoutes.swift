public import AgoraCore
public import AgoraRuntime

/// The `blogs` function: `/api/blogs/...` (API.md section 5).
public enum BlogsRoutes {
    public static func register(_ router: inout Router<Context>) {
        router.get("/api/blogs/", BlogListHandler.handle)
        router.post("/api/blogs/", auth: .required, BlogHandlers.create)
        router.get("/api/blogs/popular/", PopularBlogs.handle)
        router.get("/api/blogs/{id}/", BlogHandlers.get)
        router.put("/api/blogs/{id}/", auth: .required, BlogHandlers.update)
        router.delete("/api/blogs/{id}/", auth: .required, BlogHandlers.delete)
    }
}
