public import AgoraCore
public import AgoraRuntime

/// The `forums` function: `/api/forums/...`, forums (admins write), their threads and posts
/// (authenticated users write, the author or an admin changes), likes and bookmarks.
public enum ForumsFunction: FunctionDefinition {
    public static let name = "forums"
    public static let summary = "Forums (admins write), their threads and posts (authenticated users write, the author "
        + "or an admin changes), likes and bookmarks. Paths must be consistent: a thread of another forum, or a post "
        + "of another thread, is 404."
    public static let schemas: [String: JSON] = [
        "Forum": Forum.schema,
        "Thread": ForumThread.schema,
        "Post": ForumPost.schema,
        "LikeState": Schema.object([("liked", Schema.boolean), ("likes_count", Schema.count)],
                                   description: "The caller's like and the count right after the change.",
                                   example: ["liked": true, "likes_count": 3]),
        "BookmarkState": Schema.object([("bookmarked", Schema.boolean)], example: ["bookmarked": true]),
    ]

    public static func routes(_ router: inout Router<Context>) {
        let forums = "/api/forums/"
        router.get(forums, Forums.list, ForumHandlers.list)
        router.post(forums, auth: .required, Forums.create, ForumHandlers.create)
        router.get(forums + "{id}/", Forums.retrieve, ForumHandlers.get)
        router.put(forums + "{id}/", auth: .required, Forums.update, ForumHandlers.update)
        router.delete(forums + "{id}/", auth: .required, Forums.destroy, ForumHandlers.delete)

        let threads = forums + "{forum_id}/threads/"
        router.get(threads, Threads.list, ThreadHandlers.list)
        router.post(threads, auth: .required, Threads.create, ThreadHandlers.create)
        router.get(threads + "{id}/", Threads.retrieve, ThreadHandlers.get)
        router.put(threads + "{id}/", auth: .required, Threads.update, ThreadHandlers.update)
        router.delete(threads + "{id}/", auth: .required, Threads.destroy, ThreadHandlers.delete)
        router.post(threads + "{id}/like/", auth: .required, Marks.doc(.thread, .like, true),
                    MarkHandlers.thread(ForumThread.like, true))
        router.delete(threads + "{id}/like/", auth: .required, Marks.doc(.thread, .like, false),
                      MarkHandlers.thread(ForumThread.like, false))
        router.post(threads + "{id}/bookmark/", auth: .required, Marks.doc(.thread, .bookmark, true),
                    MarkHandlers.thread(ForumThread.bookmark, true))
        router.delete(threads + "{id}/bookmark/", auth: .required, Marks.doc(.thread, .bookmark, false),
                      MarkHandlers.thread(ForumThread.bookmark, false))

        let posts = threads + "{thread_id}/posts/"
        router.get(posts, Posts.list, PostHandlers.list)
        router.post(posts, auth: .required, Posts.create, PostHandlers.create)
        router.get(posts + "{id}/", Posts.retrieve, PostHandlers.get)
        router.put(posts + "{id}/", auth: .required, Posts.update, PostHandlers.update)
        router.delete(posts + "{id}/", auth: .required, Posts.destroy, PostHandlers.delete)
        router.post(posts + "{id}/like/", auth: .required, Marks.doc(.post, .like, true), MarkHandlers.post(true))
        router.delete(posts + "{id}/like/", auth: .required, Marks.doc(.post, .like, false), MarkHandlers.post(false))
    }
}
