public import AgoraCore
public import AgoraRuntime

/// The `forums` function: `/api/forums/...`, forums, threads, posts, likes and bookmarks
/// (API.md section 6).
public enum ForumsRoutes {
    public static func register(_ router: inout Router<Context>) {
        router.get("/api/forums/", ForumHandlers.list)
        router.post("/api/forums/", auth: .required, ForumHandlers.create)
        router.get("/api/forums/{id}/", ForumHandlers.get)
        router.put("/api/forums/{id}/", auth: .required, ForumHandlers.update)
        router.delete("/api/forums/{id}/", auth: .required, ForumHandlers.delete)

        let threads = "/api/forums/{forum_id}/threads/"
        router.get(threads, ThreadHandlers.list)
        router.post(threads, auth: .required, ThreadHandlers.create)
        router.get(threads + "{id}/", ThreadHandlers.get)
        router.put(threads + "{id}/", auth: .required, ThreadHandlers.update)
        router.delete(threads + "{id}/", auth: .required, ThreadHandlers.delete)
        router.post(threads + "{id}/like/", auth: .required, MarkHandlers.thread(ForumThread.like, true))
        router.delete(threads + "{id}/like/", auth: .required, MarkHandlers.thread(ForumThread.like, false))
        router.post(threads + "{id}/bookmark/", auth: .required, MarkHandlers.thread(ForumThread.bookmark, true))
        router.delete(threads + "{id}/bookmark/", auth: .required, MarkHandlers.thread(ForumThread.bookmark, false))

        let posts = threads + "{thread_id}/posts/"
        router.get(posts, PostHandlers.list)
        router.post(posts, auth: .required, PostHandlers.create)
        router.get(posts + "{id}/", PostHandlers.get)
        router.put(posts + "{id}/", auth: .required, PostHandlers.update)
        router.delete(posts + "{id}/", auth: .required, PostHandlers.delete)
        router.post(posts + "{id}/like/", auth: .required, MarkHandlers.post(true))
        router.delete(posts + "{id}/like/", auth: .required, MarkHandlers.post(false))
    }
}
