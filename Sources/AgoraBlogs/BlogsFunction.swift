public import AgoraCore
public import AgoraRuntime

/// The `blogs` function: `/api/blogs/...`. Anyone reads, an authenticated user writes, the
/// author or an admin changes.
public enum BlogsFunction: FunctionDefinition {
    public static let name = "blogs"
    public static let summary = "Blogs: anyone reads, an authenticated user writes, the author or an admin changes. "
        + "Every `GET` of one blog counts a view."
    public static let schemas: [String: JSON] = ["Blog": Blog.schema]

    public static func routes(_ router: inout Router<Context>) {
        router.get("/api/blogs/", list, BlogListHandler.handle)
        router.post("/api/blogs/", auth: .required, create, BlogHandlers.create)
        router.get("/api/blogs/popular/", popular, PopularBlogs.handle)
        router.get("/api/blogs/{id}/", retrieve, BlogHandlers.get)
        router.put("/api/blogs/{id}/", auth: .required, update, BlogHandlers.update)
        router.delete("/api/blogs/{id}/", auth: .required, destroy, BlogHandlers.delete)
    }

    static let id = ParameterDoc.path("id", "The blog's id.")
    static let notAuthor = ErrorDoc(403, "The caller is neither the blog's author nor an admin (checked after the 404, before the body).")

    static let list = OperationDoc(
        "blogs_list", "List all blogs",
        description: "Newest first, cursor-paginated. With `search`, ordered by relevance (title words weigh more than "
            + "content words), then newest; the cursor then carries the rank too.",
        parameters: ParameterDoc.pagination + [
            .query("author", "Only the blogs of this user id (an unknown id gives an empty list; an empty value is no "
                   + "filter; anything but a positive integer is 400).",
                   schema: QueryParameters.idSchema),
            .query("search", "Full-text search over title and content with PostgreSQL's English configuration "
                   + "(stemming, stop words): every word must match. Blank is no filter; at most 200 characters.",
                   schema: QueryParameters.searchSchema),
        ],
        responses: [.json(200, "One page of blogs.", Schema.page(of: Schema.ref("Blog")),
                          example: ["results": [Blog.example], "next": "/api/blogs/?search=swift&cursor=eyJpZCI6N30.q8Xf2Lw7o0nUuQ6y3k1pZA&limit=20"])],
        errors: [ErrorDoc(400, "`limit` is not an integer in 1-100, `author` is not a positive integer id, `search` is "
                          + "longer than 200 characters, or the cursor was edited (`validation_failed` on that parameter).")])

    static let create = OperationDoc(
        "blogs_create", "Create a new blog", description: "The caller becomes the author.",
        body: Blog.body, bodyDescription: "`id`, `author`, `views`, `created_at` and `updated_at` are ignored when sent.",
        bodyExample: ["title": "Shipping Swift on the server", "content": "Notes from a year of FastCGI functions."],
        responses: [.json(201, "The new blog (`views` 0).", Schema.ref("Blog"), example: Blog.example)])

    static let popular = OperationDoc(
        "blogs_popular", "List popular blogs",
        description: "A ranked list, not paginated (`next` is always null): blogs by `views / (age_in_hours + 2) ^ 1.5` "
            + "at the time of the request, ties to the newer blog; blogs without views are included (after all "
            + "others, newest first).",
        parameters: [.limit(default: 10, maximum: 100)],
        responses: [.json(200, "The most popular blogs, best first.",
                          Schema.object([("results", ["type": "array", "items": Schema.ref("Blog"), "maxItems": 100]),
                                         ("next", ["type": "null"])]),
                          example: ["results": [Blog.example], "next": nil])],
        errors: [ErrorDoc(400, "`limit` is not an integer in 1-100 (`validation_failed` on `limit`).")])

    static let retrieve = OperationDoc(
        "blogs_retrieve", "Retrieve a specific blog", description: "Counts one view and returns the blog with it included.",
        parameters: [id], responses: [.json(200, "The blog.", Schema.ref("Blog"), example: Blog.example)])

    static let update = OperationDoc(
        "blogs_update", "Update a specific blog",
        description: "Replaces title and content (both required). The author or an admin only.",
        parameters: [id], body: Blog.body,
        bodyDescription: "`id`, `author`, `views`, `created_at` and `updated_at` are ignored when sent.",
        responses: [.json(200, "The updated blog.", Schema.ref("Blog"), example: Blog.example)], errors: [notAuthor])

    static let destroy = OperationDoc(
        "blogs_destroy", "Delete a specific blog", description: "The author or an admin only.",
        parameters: [id], responses: [.noContent("The blog is deleted.")], errors: [notAuthor])
}
