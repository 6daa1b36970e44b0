import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `GET /api/blogs/`: newest first, `?author=<id>`, `?search=<words>` (English full text over
/// title and content, every word must match, by relevance then newest); cursor-paginated.
enum BlogListHandler {
    static func handle(_ request: Request, _ context: Context) throws -> Response {
        let page = try context.page(request)
        let author = try request.query.id("author")
        let words = try request.query.searchText("search")
        var list = ListQuery(table: "blogs", as: "b", select: Blog.columns, joins: Blog.joins)
        if let author { list.filter("b.author_id = \(author)") }
        if let words { list.search(words, in: "b.search") }
        return try list.page(page, in: context.db, as: Blog.self)
    }
}
