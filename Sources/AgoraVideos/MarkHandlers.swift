import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `POST`/`DELETE` of `/api/videos/{id}/like/` and `.../comments/{id}/like/`: idempotent, 200
/// with `{liked, likes_count}`; the count is the liked row's column, kept exact under
/// concurrent likes by the migration's triggers. A comment of another video is 404.
enum MarkHandlers {
    static func video(_ liked: Bool) -> Route<Context>.Handler {
        { request, context in
            let caller = try context.requireCaller()
            let id = try request.id()
            _ = try context.db.found(Video.owner(id))
            return try context.db.writeUnderPath {  // a like racing the video's deletion
                try Video.like.set(liked, target: id, user: caller.id, in: context.db)
            }
        }
    }

    static func comment(_ liked: Bool) -> Route<Context>.Handler {
        { request, context in
            let caller = try context.requireCaller()
            let path = try VideoComment.Path(request)
            _ = try context.db.found(path.owners)
            return try context.db.writeUnderPath {
                try VideoComment.like.set(liked, target: path.id, user: caller.id, in: context.db)
            }
        }
    }
}
