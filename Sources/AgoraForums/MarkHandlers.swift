import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `POST`/`DELETE` of `.../threads/{id}/like/`, `.../threads/{id}/bookmark/` and
/// `.../posts/{id}/like/`: idempotent, 200 with the caller's state (and the like count).
enum MarkHandlers {
    static func thread(_ mark: UserMark, _ marked: Bool) -> @Sendable (Request, Context) throws -> Response {
        { request, context in
            let caller = try context.requireCaller()
            let id = try request.id()
            _ = try ForumThread.author(id, forum: try request.id("forum_id"), context)
            return try mark.set(marked, target: id, user: caller.id, in: context.db)
        }
    }

    static func post(_ marked: Bool) -> @Sendable (Request, Context) throws -> Response {
        { request, context in
            let caller = try context.requireCaller()
            _ = try ForumPost.author(request, context)
            return try ForumPost.like.set(marked, target: try request.id(), user: caller.id, in: context.db)
        }
    }
}
