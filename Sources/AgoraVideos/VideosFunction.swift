public import AgoraCore
public import AgoraRuntime

/// The `videos` function: `/api/videos/...`, videos (uploaded files or external https URLs),
/// their comments, and likes on both.
public enum VideosFunction: FunctionDefinition {
    public static let name = "videos"
    public static let summary = "Videos: uploaded files (served by nginx at `/media/videos/`, with byte ranges) or "
        + "external https URLs, their comments (oldest first) and likes. Anyone reads; an authenticated user uploads "
        + "and comments; the owner or an admin changes a video; the author or an admin edits a comment, and the "
        + "author, the video's owner or an admin deletes it. A comment of another video is 404."
    public static let schemas: [String: JSON] = [
        "Video": Video.schema,
        "VideoComment": VideoComment.schema,
        "VideoLikeState": Schema.object([("liked", Schema.boolean), ("likes_count", Schema.count)],
                                        description: "The caller's like and the count right after the change.",
                                        example: ["liked": true, "likes_count": 3]),
    ]

    public static func routes(_ router: inout Router<Context>) {
        let videos = "/api/videos/"
        router.get(videos, Videos.list, VideoHandlers.list)
        // The body comes as a file nginx wrote: uploads never pass through the worker's socket.
        router.add("POST", videos, auth: .required, bodyInFile: true, Videos.create, CreateHandler.create)
        router.get(videos + "{id}/", Videos.retrieve, VideoHandlers.get)
        router.put(videos + "{id}/", auth: .required, Videos.update, VideoHandlers.update)
        router.patch(videos + "{id}/", auth: .required, Videos.partialUpdate, VideoHandlers.patch)
        router.delete(videos + "{id}/", auth: .required, Videos.destroy, VideoHandlers.delete)
        router.post(videos + "{id}/like/", auth: .required, Likes.doc(.video, true), MarkHandlers.video(true))
        router.delete(videos + "{id}/like/", auth: .required, Likes.doc(.video, false), MarkHandlers.video(false))

        let comments = videos + "{video_id}/comments/"
        router.get(comments, Comments.list, CommentHandlers.list)
        router.post(comments, auth: .required, Comments.create, CommentHandlers.create)
        router.get(comments + "{id}/", Comments.retrieve, CommentHandlers.get)
        router.put(comments + "{id}/", auth: .required, Comments.update, CommentHandlers.update)
        router.delete(comments + "{id}/", auth: .required, Comments.destroy, CommentHandlers.delete)
        router.post(comments + "{id}/like/", auth: .required, Likes.doc(.comment, true), MarkHandlers.comment(true))
        router.delete(comments + "{id}/like/", auth: .required, Likes.doc(.comment, false), MarkHandlers.comment(false))
    }
}
