import AgoraCore
import AgoraPostgres
import AgoraRuntime

/// `/api/users/{id}/profile/`: any authenticated user reads; the owner or an admin changes it.
enum ProfileHandlers {
    static func get(_ request: Request, _ context: Context) throws -> Response {
        guard let profile = try Profile.find(userID: try request.id(), in: context.db) else { throw APIError.notFound }
        return .json(profile.json)
    }

    /// PUT replaces (omitted fields return to their defaults); PATCH changes what is sent.
    static func update(partial: Bool) -> @Sendable (Request, Context) throws -> Response {
        { request, context in
            let caller = try context.requireCaller()
            let userID = try request.id()
            // API.md 12: /api/users/{id}/... of another user is 403 for a non-admin, even when
            // the id does not exist (so the answer does not reveal which ids exist).
            try caller.requireOwnerOrAdmin(userID)
            guard try Profile.find(userID: userID, in: context.db) != nil else { throw APIError.notFound }
            var fields = try request.validator(partial: partial)
            let bio = fields.string("bio", required: false, length: 0...2000, trim: true)
            let picture = fields.url("profile_picture", maxLength: 500, required: false, nullable: true)
            let links = socialLinks(&fields)
            try fields.finish()
            // PATCH keeps what was not sent; PUT resets it ($n IS NULL alone cannot tell "absent"
            // from "null" for the picture, so the flags say which fields to write).
            let rows = try context.db.query("""
                UPDATE profiles p SET
                    bio = CASE WHEN $2 THEN $3 ELSE p.bio END,
                    profile_picture = CASE WHEN $4 THEN $5 ELSE p.profile_picture END,
                    social_links = CASE WHEN $6 THEN $7::jsonb ELSE p.social_links END,
                    updated_at = now()
                FROM users u WHERE p.user_id = $1 AND u.id = p.user_id
                RETURNING \(Profile.columns)
                """, [
                    .int(userID),
                    .bool(!partial || fields.has("bio")), .text(bio ?? ""),
                    .bool(!partial || fields.has("profile_picture")), .text(picture),
                    .bool(!partial || fields.has("social_links")), .json(.object(links ?? [:])),
                ])
            guard let row = rows.first else { throw APIError.notFound }
            return .json(try Profile(row: row).json)
        }
    }

    /// An object of at most 10 `name: https-URL` pairs.
    static func socialLinks(_ fields: inout Validator) -> [String: JSON]? {
        guard let links = fields.object("social_links", required: false) else { return nil }
        guard links.count <= 10 else { fields.fail("social_links", "At most 10 links are allowed."); return nil }
        for (name, value) in links {
            guard (1...50).contains(name.unicodeScalars.count), !name.unicodeScalars.contains("\u{0}") else {
                fields.fail("social_links", "Link names must be 1 to 50 characters."); return nil
            }
            guard case .string(let url) = value, url.unicodeScalars.count <= 500, Validator.isURL(url, schemes: ["https"]) else {
                fields.fail("social_links", "Every link must be an https URL of at most 500 characters."); return nil
            }
        }
        return links
    }
}
