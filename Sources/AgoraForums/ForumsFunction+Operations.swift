import AgoraCore
import AgoraRuntime

/// The OpenAPI words of every forums operation (what the route declarations do not say).
extension ForumsFunction {
    static let forumID = ParameterDoc.path("forum_id", "The forum's id.")
    static let threadID = ParameterDoc.path("thread_id", "The thread's id (in that forum, else 404).")
    static let threadPath = [forumID, ParameterDoc.path("id", "The thread's id (in that forum, else 404).")]
    static let postPath = [forumID, threadID, ParameterDoc.path("id", "The post's id (in that thread, else 404).")]
    static let adminOnly = ErrorDoc(403, "The caller is not an admin (checked after the 404, before the body).")
    static let authorOnly = ErrorDoc(
        403, "The caller is neither the author nor an admin (checked after the 404, before the body).")
    static let pageError = "`limit` is not an integer in 1-100, or the cursor was edited (`validation_failed` on "
        + "`limit` or `cursor`)."

    enum Forums {
        static let id = ParameterDoc.path("id", "The forum's id.")
        static let bodyDescription = "`id`, `threads_count` and `created_at` are ignored when sent."
        static let bodyExample: JSON = ["title": "General", "description": "Anything goes."]

        static let list = OperationDoc(
            "forums_list", "List all forums", parameters: ParameterDoc.pagination,
            responses: [.json(200, "One page of forums, newest first.", Schema.page(of: Schema.ref("Forum")),
                              example: ["results": [Forum.example()], "next": nil])],
            errors: [ErrorDoc(400, pageError)])

        static let create = OperationDoc(
            "forums_create", "Create a new forum",
            body: Forum.body, bodyDescription: bodyDescription, bodyExample: bodyExample,
            responses: [.json(201, "The new forum.", Schema.ref("Forum"), example: Forum.example(threadsCount: 0))],
            errors: [ErrorDoc(403, "The caller is not an admin (checked before the body).")])

        static let retrieve = OperationDoc(
            "forums_retrieve", "Retrieve a specific forum", parameters: [id],
            responses: [.json(200, "The forum.", Schema.ref("Forum"), example: Forum.example())])

        static let update = OperationDoc(
            "forums_update", "Update a specific forum", description: "Replaces title and description. Admins only.",
            parameters: [id], body: Forum.body, bodyDescription: bodyDescription, bodyExample: bodyExample,
            responses: [.json(200, "The updated forum.", Schema.ref("Forum"), example: Forum.example())],
            errors: [adminOnly])

        static let destroy = OperationDoc(
            "forums_destroy", "Delete a specific forum", parameters: [id],
            responses: [.noContent("The forum is deleted with its threads, posts, likes and bookmarks.")],
            errors: [adminOnly])
    }

    enum Threads {
        static let bodyDescription = "`forum_id` comes from the path (a thread never moves); `author` and the counters "
            + "are ignored."
        static let bodyExample: JSON = ["title": "Welcome", "content": "Say hello here."]

        static let list = OperationDoc(
            "forums_threads_list", "List all threads in a forum",
            parameters: [forumID] + ParameterDoc.pagination + [
                .query("bookmarked", "`true`: only the caller's bookmarked threads (401 without a token, checked before "
                       + "the forum's 404). Any other value is 400.", schema: ["type": "string", "enum": ["true"]]),
            ],
            responses: [.json(200, "One page of threads, newest first.", Schema.page(of: Schema.ref("Thread")),
                              example: ["results": [ForumThread.example()], "next": nil])],
            errors: [ErrorDoc(400, "`bookmarked` is not `true`, or " + pageError,
                              fields: ["bookmarked": "The only accepted value is \"true\"."])])

        static let create = OperationDoc(
            "forums_threads_create", "Create a new thread in a forum", description: "The caller becomes the author.",
            parameters: [forumID], body: ForumThread.body, bodyDescription: bodyDescription, bodyExample: bodyExample,
            responses: [.json(201, "The new thread.", Schema.ref("Thread"),
                              example: ForumThread.example(postsCount: 0, likesCount: 0, liked: false))])

        static let retrieve = OperationDoc(
            "forums_threads_retrieve", "Retrieve a specific thread", parameters: threadPath,
            responses: [.json(200, "The thread.", Schema.ref("Thread"), example: ForumThread.example())])

        static let update = OperationDoc(
            "forums_threads_update", "Update a specific thread",
            description: "Replaces title and content. The author or an admin.",
            parameters: threadPath, body: ForumThread.body, bodyDescription: bodyDescription, bodyExample: bodyExample,
            responses: [.json(200, "The updated thread.", Schema.ref("Thread"), example: ForumThread.example())],
            errors: [authorOnly])

        static let destroy = OperationDoc(
            "forums_threads_destroy", "Delete a specific thread", parameters: threadPath,
            responses: [.noContent("The thread is deleted with its posts, likes and bookmarks.")], errors: [authorOnly])
    }

    enum Posts {
        static let bodyDescription = "`thread_id`, `author` and `likes_count` are ignored."
        static let bodyExample: JSON = ["content": "Hello!"]

        static let list = OperationDoc(
            "forums_posts_list", "List all posts in a thread", parameters: [forumID, threadID] + ParameterDoc.pagination,
            responses: [.json(200, "One page of posts, oldest first (creation order).",
                              Schema.page(of: Schema.ref("Post")),
                              example: ["results": [ForumPost.example()], "next": nil])],
            errors: [ErrorDoc(400, pageError)])

        static let create = OperationDoc(
            "forums_posts_create", "Create a new post in a thread", description: "The caller becomes the author.",
            parameters: [forumID, threadID], body: ForumPost.body, bodyDescription: bodyDescription,
            bodyExample: bodyExample,
            responses: [.json(201, "The new post.", Schema.ref("Post"), example: ForumPost.example(likesCount: 0))])

        static let retrieve = OperationDoc(
            "forums_posts_retrieve", "Retrieve a specific post", parameters: postPath,
            responses: [.json(200, "The post.", Schema.ref("Post"), example: ForumPost.example())])

        static let update = OperationDoc(
            "forums_posts_update", "Update a specific post", description: "Replaces the content. The author or an admin.",
            parameters: postPath, body: ForumPost.body, bodyDescription: bodyDescription, bodyExample: bodyExample,
            responses: [.json(200, "The updated post.", Schema.ref("Post"), example: ForumPost.example())],
            errors: [authorOnly])

        static let destroy = OperationDoc(
            "forums_posts_destroy", "Delete a specific post", parameters: postPath,
            responses: [.noContent("The post is deleted with its likes.")], errors: [authorOnly])
    }

    /// Likes and bookmarks: POST marks, DELETE clears, both idempotent.
    enum Marks {
        enum Target: String { case thread, post }
        enum Kind: String { case like, bookmark }

        static func doc(_ target: Target, _ kind: Kind, _ marked: Bool) -> OperationDoc {
            let verb = switch kind {
            case .like: marked ? "Like" : "Unlike"
            case .bookmark: marked ? "Bookmark" : "Remove the bookmark of"
            }
            let response: ResponseDoc = switch kind {
            case .like: .json(200, "The caller's state and the like count.", Schema.ref("LikeState"),
                              example: ["liked": .bool(marked), "likes_count": 3])
            case .bookmark: .json(200, "The caller's state.", Schema.ref("BookmarkState"),
                                  example: ["bookmarked": .bool(marked)])
            }
            return OperationDoc(
                "forums_\(target.rawValue)_\(kind.rawValue)_\(marked ? "create" : "destroy")",
                "\(verb) a \(target.rawValue)",
                description: "Idempotent: doing it twice, or undoing what was never done, is 200 with the unchanged state.",
                parameters: target == .thread ? threadPath : postPath, responses: [response])
        }
    }
}
