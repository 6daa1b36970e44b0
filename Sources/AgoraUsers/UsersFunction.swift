public import AgoraCore
public import AgoraRuntime

/// The `users` function: `/api/users/` and `/api/users/{id}/profile/`. Any authenticated user
/// reads; a profile's owner or an admin changes it.
public enum UsersFunction: FunctionDefinition {
    public static let name = "users"
    public static let summary = "Public users and their profiles."
    public static let schemas: [String: JSON] = ["Profile": Profile.schema, "UserWithProfile": Profile.listSchema]

    public static func routes(_ router: inout Router<Context>) {
        router.get("/api/users/", auth: .required, list, UserListHandler.handle)
        router.get("/api/users/{id}/profile/", auth: .required, retrieve, ProfileHandlers.get)
        router.put("/api/users/{id}/profile/", auth: .required, update(partial: false), ProfileHandlers.replace)
        router.patch("/api/users/{id}/profile/", auth: .required, update(partial: true), ProfileHandlers.change)
    }

    static let id = ParameterDoc.path("id", "The user's id.")

    static let list = OperationDoc(
        "users_list", "List all users", description: "Public users with their profiles, newest first, cursor-paginated.",
        parameters: ParameterDoc.pagination + [
            .query("search", "Matches usernames that start with this text, ignoring case (surrounding whitespace is "
                   + "ignored; empty means no filter).", schema: QueryParameters.searchSchema),
        ],
        responses: [.json(200, "One page of users.", Schema.page(of: Schema.ref("UserWithProfile")),
                          example: ["results": [Profile.listExample],
                                    "next": "/api/users/?cursor=eyJpZCI6NDJ9.q8Xf2Lw7o0nUuQ6y3k1pZA&limit=20"])],
        errors: [ErrorDoc(400, "`limit` is not an integer in 1-100, or the cursor was edited (`validation_failed` on "
                          + "`limit` or `cursor`).")])

    static let retrieve = OperationDoc(
        "users_profile_retrieve", "Retrieve a user profile", description: "Any authenticated user may read any profile.",
        parameters: [id], responses: [.json(200, "The profile.", Schema.ref("Profile"), example: Profile.example)])

    static func update(partial: Bool) -> OperationDoc {
        let how = partial
            ? "Changes only the fields sent."
            : "Replaces the profile: omitted fields return to their defaults (`bio: \"\"`, `profile_picture: null`, "
                + "`social_links: {}`)."
        return OperationDoc(
            partial ? "users_profile_partial_update" : "users_profile_update",
            "\(partial ? "Partially update" : "Update") a user profile",
            description: how + " Only the profile's owner or an admin may change it: another user's profile is 403 "
                + "for a non-admin even when that user does not exist; a missing user is 404 for an admin.",
            parameters: [id], body: ProfileFields.body,
            bodyExample: ["bio": "Teaches Swift on weekends.", "social_links": ["github": "https://github.com/alice"]],
            responses: [.json(200, "The updated profile.", Schema.ref("Profile"), example: Profile.example)],
            errors: [403])
    }
}
