import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `POST`/`DELETE` of `.../threads/{id}/like/`, `.../threads/{id}/bookmark/` and
/// `.../posts/{id}/like/`: idempotent, 200 with the caller's state (and the like count). The
/// path must be consistent, else 404.
enum MarkHandlers {
    static func thread(_ mark: UserMark, _ marked: Bool) -> Route<Context>.Handler {
        { request, context in
            let caller = try context.requireCaller()
            let id = try request.id()
            _ = try context.db.found(ForumThread.author(id, forum: try request.id("forum_id")))
            return try mark.set(marked, target: id, user: caller.id, in: context.db)
        }
    }

    static func post(_ marked: Bool) -> Route<Context>.Handler {
        { request, context in
            let caller = try context.requireCaller()
            let path = try ForumPost.Path(request)
            _ = try context.db.found(path.author)
            return try ForumPost.like.set(marked, target: path.id, user: caller.id, in: context.db)
        }
    }
}
