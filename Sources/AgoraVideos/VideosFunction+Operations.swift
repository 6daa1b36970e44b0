import AgoraCore
import AgoraRuntime

/// The OpenAPI words of every videos operation (what the route declarations do not say).
extension VideosFunction {
    static let videoID = ParameterDoc.path("id", "The video's id.")
    static let ownerOnly = ErrorDoc(
        403, "The caller is neither the video's owner nor an admin (checked after the 404, before the body).")
    static let pageError = "`limit` is not an integer in 1-100, or the cursor was edited (`validation_failed` on "
        + "`limit` or `cursor`)."

    enum Videos {
        static let bodyDescription = "Title and description; `url`, `file` and read-only fields are ignored."
        static let bodyExample: JSON = ["title": "Cat", "description": "A cat."]

        static let list = OperationDoc(
            "videos_list", "List all videos",
            description: "Newest first. `likes_count` and the caller's `liked` come from the same query as the page.",
            parameters: [ParameterDoc.query("uploaded_by", "Only the videos of this user id (an unknown id gives an "
                                            + "empty list; an empty value is no filter; anything but a positive "
                                            + "integer is 400).",
                                            schema: QueryParameters.idSchema)] + ParameterDoc.pagination,
            responses: [.json(200, "One page of videos, newest first.", Schema.page(of: Schema.ref("Video")),
                              example: ["results": [Video.example()], "next": nil])],
            errors: [ErrorDoc(400, pageError + " Or `uploaded_by` is not an id.")])

        static var create: OperationDoc {
            var doc = OperationDoc(
                "videos_create", "Upload a new video",
                description: """
                    Either JSON `{title, description, url}` with an external `https` URL (`content_type`, \
                    `size_bytes`, `duration_seconds`, `width` and `height` are then null), or \
                    `multipart/form-data` with `title`, `description` and one `file` part. An uploaded file must \
                    really be a video, told by its leading bytes, not its name or declared type: MP4/QuickTime \
                    (`ftyp` at offset 4) or WebM/Matroska (the EBML header), else 415 `unsupported_media_type` \
                    (an empty file too). It may be at most `VIDEO_MAX_BYTES` bytes (default 1 GiB), else 413 \
                    `payload_too_large`, which nginx answers before it stores the body. A missing, invalid or \
                    logged-out token is 401 before nginx reads the body too (nginx asks the function first), so \
                    an anonymous client cannot make the server store a byte. The file is stored under a \
                    name the server generates (the client's file name is never used) and served by nginx at `url` \
                    (`/media/videos/<name>`) with byte ranges and `X-Content-Type-Options: nosniff`. \
                    `duration_seconds`, `width` and `height` are read from the container (a contract addition). \
                    Neither or both of `url` and `file` is 400. A failed upload leaves no file and no row. The \
                    caller becomes the owner (`uploaded_by`).
                    """,
                body: Video.externalBody,
                bodyDescription: "JSON for an external video, or `multipart/form-data` for an upload.",
                bodyExample: ["title": "Cat", "description": "A cat.", "url": "https://videos.example.com/cat.mp4"],
                responses: [.json(201, "The new video.", Schema.ref("Video"), example: Video.example(likesCount: 0,
                                                                                                   liked: false))],
                errors: [ErrorDoc(400, "A field is invalid; `url` is not an https URL; neither or both of `url` and "
                                    + "`file`; the multipart framing is broken."),
                         ErrorDoc(413, "The file is larger than `VIDEO_MAX_BYTES`, or a JSON body larger than 1 MiB."),
                         ErrorDoc(415, "The file is not an MP4, QuickTime, WebM or Matroska video (or is empty), or "
                                     + "the body is neither JSON nor `multipart/form-data`.")])
            doc.otherBodies = ["multipart/form-data": [
                "schema": [
                    "type": "object", "required": ["title", "file"],
                    "properties": [
                        "title": Video.title.schema,
                        "description": Video.description.schema,
                        "file": ["type": "string", "contentMediaType": "application/octet-stream",
                                 "description": .string("The video file: MP4, QuickTime, WebM or Matroska, told by "
                                     + "its leading bytes (the part's declared type and file name are ignored).")],
                    ],
                ],
            ]]
            return doc
        }

        static let retrieve = OperationDoc(
            "videos_retrieve", "Retrieve a specific video", parameters: [videoID],
            responses: [.json(200, "The video.", Schema.ref("Video"), example: Video.example())])

        static let update = OperationDoc(
            "videos_update", "Update video details",
            description: "Replaces title and description (a description left out becomes \"\"). The owner or an admin.",
            parameters: [videoID], body: Video.body, bodyDescription: bodyDescription, bodyExample: bodyExample,
            responses: [.json(200, "The updated video.", Schema.ref("Video"), example: Video.example())],
            errors: [ownerOnly])

        static let partialUpdate = OperationDoc(
            "videos_partial_update", "Partially update video details",
            description: "Changes the fields sent. The owner or an admin.",
            parameters: [videoID], body: Video.body, bodyDescription: bodyDescription, bodyExample: ["title": "Cat 2"],
            responses: [.json(200, "The updated video.", Schema.ref("Video"), example: Video.example())],
            errors: [ownerOnly])

        static let destroy = OperationDoc(
            "videos_destroy", "Delete a specific video", parameters: [videoID],
            responses: [.noContent("The video is deleted with its file, comments and likes.")], errors: [ownerOnly])
    }

    enum Comments {
        static let video = ParameterDoc.path("video_id", "The video's id.")
        static let path = [video, ParameterDoc.path("id", "The comment's id (on that video, else 404).")]
        static let bodyDescription = "`video_id`, `author` and `likes_count` are ignored."
        static let bodyExample: JSON = ["content": "Nice cat!"]

        static let list = OperationDoc(
            "videos_comments_list", "List all comments on a video", parameters: [video] + ParameterDoc.pagination,
            responses: [.json(200, "One page of comments, oldest first.", Schema.page(of: Schema.ref("VideoComment")),
                              example: ["results": [VideoComment.example()], "next": nil])],
            errors: [ErrorDoc(400, pageError)])

        static let create = OperationDoc(
            "videos_comments_create", "Post a new comment on a video", description: "The caller becomes the author.",
            parameters: [video], body: VideoComment.body, bodyDescription: bodyDescription, bodyExample: bodyExample,
            responses: [.json(201, "The new comment.", Schema.ref("VideoComment"),
                              example: VideoComment.example(likesCount: 0))])

        static let retrieve = OperationDoc(
            "videos_comments_retrieve", "Retrieve a specific comment", parameters: path,
            responses: [.json(200, "The comment.", Schema.ref("VideoComment"), example: VideoComment.example())])

        static let update = OperationDoc(
            "videos_comments_update", "Update a specific comment",
            description: "Replaces the content. The author or an admin; the video's owner may delete, not edit.",
            parameters: path, body: VideoComment.body, bodyDescription: bodyDescription, bodyExample: bodyExample,
            responses: [.json(200, "The updated comment.", Schema.ref("VideoComment"), example: VideoComment.example())],
            errors: [ErrorDoc(403, "The caller is neither the author nor an admin (the video's owner included; "
                                  + "checked after the 404, before the body).")])

        static let destroy = OperationDoc(
            "videos_comments_destroy", "Delete a specific comment",
            description: "The author, the video's owner or an admin.", parameters: path,
            responses: [.noContent("The comment is deleted with its likes.")],
            errors: [ErrorDoc(403, "The caller is neither the author, nor the video's owner, nor an admin.")])
    }

    enum Likes {
        enum Target: String { case video, comment }

        static func doc(_ target: Target, _ liked: Bool) -> OperationDoc {
            OperationDoc(
                target == .video ? "videos_like_\(liked ? "create" : "destroy")"
                    : "videos_comments_like_\(liked ? "create" : "destroy")",
                "\(liked ? "Like" : "Unlike") a \(target == .video ? "video" : "comment")",
                description: "Idempotent: doing it twice, or undoing what was never done, is 200 with the unchanged state.",
                parameters: target == .video ? [videoID] : Comments.path,
                responses: [.json(200, "The caller's state and the like count.", Schema.ref("VideoLikeState"),
                                  example: ["liked": .bool(liked), "likes_count": 3])])
        }
    }
}
