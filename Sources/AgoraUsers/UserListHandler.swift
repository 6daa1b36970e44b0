import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `GET /api/users/`: users with their profiles, newest first; `?search=` matches username
/// prefixes ignoring case (served by the `lower(username) text_pattern_ops` index).
enum UserListHandler {
    static func handle(_ request: Request, _ context: Context) throws -> Response {
        let page = try context.page(request)
        let search = try request.query.searchText("search")
        var list = ListQuery(table: "users", as: "u", select: Profile.columns, joins: Profile.joins)
        if let search { list.filter("lower(u.username) LIKE \(likePrefix(search.lowercased())) ESCAPE '\\'") }
        return try list.page(page, in: context.db, as: Profile.self) { profile in
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
