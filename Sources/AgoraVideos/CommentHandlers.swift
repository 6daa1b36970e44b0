import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/videos/{video_id}/comments/` and `.../comments/{id}/`: anyone reads, an authenticated
/// user comments, the author or an admin edits, and the author, the video's owner or an admin
/// deletes (the owner moderates the comments under their video, but never puts words in
/// another's mouth). A comment of another video is 404.
enum CommentHandlers {
    /// Oldest first (creation order), cursor-paginated.
    static func list(_ request: Request, _ context: Context) throws -> Response {
        let videoID = try requireVideo(request, context)
        let page = try context.page(request)
        var list = ListQuery(table: "video_comments", as: "c", select: VideoComment.columns(for: context.caller),
                             joins: VideoComment.joins, order: .oldestFirst)
        list.filter("c.video_id = \(videoID)")
        return try list.page(page, in: context.db, as: VideoComment.self) { $0.json }
    }

    static func get(_ request: Request, _ context: Context) throws -> Response {
        let path = try VideoComment.Path(request)
        let comment = try context.db.found("""
            SELECT \(VideoComment.columns(for: context.caller)) FROM video_comments c \(VideoComment.joins)
            WHERE c.id = \(path.id) AND c.video_id = \(path.videoID)
            """, as: VideoComment.self)
        return .json(comment.json)
    }

    /// The caller becomes the author; 404 for a missing video before the body.
    static func create(_ request: Request, _ context: Context) throws -> Response {
        let caller = try context.requireCaller()
        let videoID = try requireVideo(request, context)
        let content = try VideoComment.body.decode(request)
        let comment = try context.db.writeUnderPath {  // the video may be deleted meanwhile
            try context.db.found("""
                WITH c AS (INSERT INTO video_comments (video_id, author_id, content)
                           VALUES (\(videoID), \(caller.id), \(content)) RETURNING *)
                SELECT \(VideoComment.columns(for: caller)) FROM c \(VideoComment.joins)
                """, as: VideoComment.self)
        }
        return .json(comment.json, status: 201)
    }

    /// PUT replaces the content: the author or an admin (the video's owner is 403); 404, then
    /// 403, then the body.
    static func update(_ request: Request, _ context: Context) throws -> Response {
        let path = try VideoComment.Path(request)
        let caller = try context.requireCaller()
        let (author, _) = try context.db.found(path.owners).decode((Int64, Int64).self)
        try caller.requireOwnerOrAdmin(author)
        let content = try VideoComment.body.decode(request)
        let comment = try context.db.found("""
            WITH c AS (UPDATE video_comments SET content = \(content), updated_at = now() WHERE id = \(path.id) RETURNING *)
            SELECT \(VideoComment.columns(for: caller)) FROM c \(VideoComment.joins)
            """, as: VideoComment.self)
        return .json(comment.json)
    }

    /// The author, the video's owner or an admin; the comment's likes go with it (cascade).
    static func delete(_ request: Request, _ context: Context) throws -> Response {
        let path = try VideoComment.Path(request)
        let caller = try context.requireCaller()
        let (author, videoOwner) = try context.db.found(path.owners).decode((Int64, Int64).self)
        guard caller.mayChange(ownedBy: author) || caller.id == videoOwner else { throw APIError.forbidden() }
        try context.db.execute("DELETE FROM video_comments WHERE id = \(path.id)")
        return .noContent
    }

    /// The video of the path; 404 when it does not exist.
    static func requireVideo(_ request: Request, _ context: Context) throws -> Int64 {
        let videoID = try request.id("video_id")
        _ = try context.db.found("SELECT 1 FROM videos WHERE id = \(videoID)")
        return videoID
    }
}
