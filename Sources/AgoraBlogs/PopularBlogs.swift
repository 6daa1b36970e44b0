import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `GET /api/blogs/popular/?limit=10`: the blogs with the best `views / (age_in_hours + 2) ^ 1.5`
/// now, ties to the newer blog, blogs without views included; a ranked list, not paginated
/// (`{results, next: null}`, limit 1–100, default 10).
///
/// The exact top k without reading the table: `blog_stats.hot_bound` is an upper bound of each
/// blog's score from now on, kept in an index (the design is in `0002_blogs.sql`).
enum PopularBlogs {
    /// Rows read per step down the bound index.
    static let batchSize = 64
    /// A bound more than this many times the current score is tightened after the read.
    static let staleFactor = 2.0

    struct Candidate {
        let id: Int64
        let score: Double
    }

    static func handle(_ request: Request, _ context: Context) throws -> Response {
        let limit = try request.query.limit(default: 10, max: 100)
        let top = try ranking(limit: limit, in: context.db)
        guard !top.isEmpty else { return .json(["results": [], "next": .null]) }
        let found = try context.db.query("SELECT \(Blog.columns) FROM blogs b \(Blog.joins) WHERE b.id = ANY(\(top.map(\.id)))",
                                         as: Blog.self)
        var blogs: [Int64: JSON] = [:]
        for blog in found { blogs[blog.id] = blog.json }
        // A blog deleted between the two statements is simply left out.
        return .json(["results": .array(top.compactMap { blogs[$0.id] }), "next": .null])
    }

    /// The `limit` best blogs by their exact score now, best first, ties newest first.
    ///
    /// Reads the bound index from the top in batches, scoring each row exactly. The rows not read
    /// yet have a bound, hence a score, of at most the last bound read; once the k-th best score
    /// is above that (or the bounds reached 0, where rows come newest first, as the tie rule
    /// wants), nothing unread can enter the result.
    static func ranking(limit: Int, in db: PostgresConnection) throws -> [Candidate] {
        var best: [Candidate] = []
        var stale: [Int64] = []
        var after: (bound: Double, id: Int64) = (.infinity, .max)
        while true {
            let rows = try db.query("""
                SELECT blog_id, hot_bound, blog_hot_score(views, created_at, now()) FROM blog_stats
                WHERE (hot_bound, blog_id) < (\(after.bound), \(after.id))
                ORDER BY hot_bound DESC, blog_id DESC LIMIT \(batchSize)
                """)
            for row in rows {
                let (id, bound, score) = try row.decode((Int64, Double, Double).self)
                let candidate = Candidate(id: id, score: score)
                if bound > candidate.score * staleFactor { stale.append(candidate.id) }
                best.append(candidate)
                after = (bound, candidate.id)
            }
            best.sort { ($0.score, $0.id) > ($1.score, $1.id) }
            if best.count > limit { best.removeLast(best.count - limit) }
            if rows.count < batchSize { break }
            if best.count == limit, let kth = best.last, kth.score > after.bound || after.bound == 0 { break }
        }
        if !stale.isEmpty { try tighten(stale, in: db) }
        return best
    }

    /// Lowers the bounds of rows that were popular once to their current score (still a bound
    /// from now on), so that they stop being read first. Rows being viewed right now are
    /// skipped: their view recomputes the bound anyway.
    static func tighten(_ ids: [Int64], in db: PostgresConnection) throws {
        try db.execute("""
            UPDATE blog_stats s SET hot_bound = blog_hot_score(s.views, s.created_at, now())
            FROM (SELECT blog_id FROM blog_stats WHERE blog_id = ANY(\(ids)) ORDER BY blog_id FOR UPDATE SKIP LOCKED) l
            WHERE s.blog_id = l.blog_id
            """)
    }
}
