import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/users/{id}/profile/`: any authenticated user reads; the owner or an admin changes it.
enum ProfileHandlers {
    static func get(_ request: Request, _ context: Context) throws -> Response {
        let profile = try context.db.found(
            "SELECT \(Profile.columns) FROM users u \(Profile.joins) WHERE u.id = \(try request.id())", as: Profile.self)
        return .json(profile.json)
    }

    /// PUT replaces (omitted fields return to their defaults).
    static func replace(_ request: Request, _ context: Context) throws -> Response {
        let userID = try requireOwner(request, context)
        let (bio, picture, links) = try ProfileFields.body.decode(request)
        return try update(userID, ["bio = \(bio ?? "")", "profile_picture = \(picture)",
                                   "social_links = \(JSON.object(links ?? [:]))"], context)
    }

    /// PATCH changes only the fields sent (`profile_picture: null` clears the picture).
    static func change(_ request: Request, _ context: Context) throws -> Response {
        let userID = try requireOwner(request, context)
        let (bio, picture, links) = try ProfileFields.body.changes(request)
        var changes: [SQL] = []
        if case let bio?? = bio { changes.append("bio = \(bio)") }
        if let picture { changes.append("profile_picture = \(picture)") }
        if case let links?? = links { changes.append("social_links = \(JSON.object(links))") }
        return try update(userID, changes, context)
    }

    /// Another user's profile is 403 for a non-admin even when that user does not exist, so the
    /// answer does not reveal which ids exist: the rule is checked on the path id first. The
    /// lookup then gives an admin the 404, before the body is read. Returns the profile's user id.
    static func requireOwner(_ request: Request, _ context: Context) throws -> Int64 {
        let userID = try request.id()
        try context.requireCaller().requireOwnerOrAdmin(userID)
        try context.requireOwner("SELECT user_id FROM profiles WHERE user_id = \(userID)")
        return userID
    }

    static func update(_ userID: Int64, _ changes: [SQL], _ context: Context) throws -> Response {
        let profile = try context.db.found("""
            UPDATE profiles p SET \(SQL.join(changes + ["updated_at = now()"], separator: ", "))
            FROM users u WHERE p.user_id = \(userID) AND u.id = p.user_id
            RETURNING \(Profile.columns)
            """, as: Profile.self)
        return .json(profile.json)
    }
}
