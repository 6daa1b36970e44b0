import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `GET /api/users/`: public users with their profiles, newest first; `?search=` matches
/// username prefixes ignoring case (served by the lower(username) text_pattern_ops index).
enum UserListHandler {
    static func handle(_ request: Request, _ context: Context) throws -> Response {
        let page = try context.page(request)
        let search = try request.query.searchText("search")
        let rows = try context.db.query("""
            SELECT \(Profile.columns) FROM users u JOIN profiles p ON p.user_id = u.id
            WHERE ($1::bigint IS NULL OR u.id < $1)
              AND ($2::text IS NULL OR lower(u.username) LIKE $2 ESCAPE '\\')
            ORDER BY u.id DESC LIMIT $3
            """, [.int(try page.positionInt("id")), .text(search.map { likePrefix($0.lowercased()) }), .int(page.limit + 1)])
        let profiles = try rows.map { try Profile(row: $0) }
        return page.page(profiles, position: { ["id": .int($0.userID)] }) { profile in
            ["id": .int(profile.userID), "username": .string(profile.username), "profile": profile.json]
        }
    }

    /// `text%` with LIKE's own metacharacters escaped.
    static func likePrefix(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "%"
    }
}
