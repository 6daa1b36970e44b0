"""The `users` function: `/api/users/` and `/api/users/{id}/profile/` (API.md sections 3 and 12)."""
from .common import (
    ID, PAGINATION, REQUIRED, TIMESTAMP, json_body, json_response, nullable, operation, page_of, path_id, query,
    request_object, schema, strict_object, string, url_pattern,
)
from .auth import USERNAME

TAG = {"name": "users", "description": "Public users and their profiles."}

PICTURE = string(1, 500, pattern=url_pattern(["https", "http"]),
                 description="An absolute `http(s)` URL of at most 500 characters: `localhost` or a dotted "
                             "hostname, an optional port, no spaces.",
                 examples=["https://cdn.example.com/alice.png"])
LINK = string(1, 500, pattern=url_pattern(["https"]),
              description="An absolute `https` URL of at most 500 characters.",
              examples=["https://github.com/alice"])

_PROFILE = {"user_id": 42, "username": "alice", "bio": "Teaches Swift on weekends.",
            "profile_picture": "https://cdn.example.com/alice.png",
            "social_links": {"github": "https://github.com/alice"}, "updated_at": "2026-11-29T10:15:30.123Z"}

SCHEMAS = {
    "Profile": strict_object(
        {
            "user_id": ID,
            "username": USERNAME,
            "bio": string(max_length=2000),
            "profile_picture": nullable(string(1, 500)),
            "social_links": {"type": "object", "maxProperties": 10, "additionalProperties": string(1, 500)},
            "updated_at": TIMESTAMP,
        },
        description="Created empty at registration: `bio: \"\"`, `profile_picture: null`, `social_links: {}`.",
        examples=[_PROFILE],
    ),
    "UserWithProfile": strict_object(
        {"id": ID, "username": USERNAME, "profile": schema("Profile")},
        examples=[{"id": 42, "username": "alice", "profile": _PROFILE}],
    ),
}

_PROFILE_FIELDS = request_object({
    "bio": string(max_length=2000, description="At most 2000 characters."),
    "profile_picture": nullable(PICTURE),
    "social_links": {
        "type": "object",
        "maxProperties": 10,
        "propertyNames": string(1, 50),
        "additionalProperties": LINK,
        "description": "At most 10 `name: https-URL` pairs; names are 1-50 characters.",
    },
})

_ID = path_id("id", "The user's id.")


def _update(partial):
    verb = "Partially update" if partial else "Update"
    how = ("Changes only the fields sent." if partial else
           "Replaces the profile: omitted fields return to their defaults (`bio: \"\"`, `profile_picture: null`, "
           "`social_links: {}`).")
    return operation(
        operation_id="users_profile_partial_update" if partial else "users_profile_update",
        summary=f"{verb} a user profile",
        description=how + " Only the profile's owner or an admin may change it: another user's profile is 403 "
                          "for a non-admin even when that user does not exist (API.md 12); a missing user is 404 "
                          "for an admin.",
        tag="users",
        auth=REQUIRED,
        parameters=[_ID],
        body=json_body(_PROFILE_FIELDS, {"bio": "Teaches Swift on weekends.",
                                         "social_links": {"github": "https://github.com/alice"}}),
        responses={200: json_response("The updated profile.", schema("Profile"), _PROFILE)},
        errors=(403,),
    )


OPERATIONS = {
    ("GET", "/api/users/"): operation(
        operation_id="users_list",
        summary="List all users",
        description="Public users with their profiles, newest first, cursor-paginated.",
        tag="users",
        auth=REQUIRED,
        parameters=[*PAGINATION,
                    query("search", "Matches usernames that start with this text, ignoring case "
                                    "(surrounding whitespace is ignored; empty means no filter).")],
        responses={200: json_response("One page of users.", page_of(schema("UserWithProfile")),
                                      {"results": [{"id": 42, "username": "alice", "profile": _PROFILE}],
                                       "next": "/api/users/?cursor=eyJpZCI6NDJ9.q8Xf2Lw7o0nUuQ6y3k1pZA&limit=20"})},
        errors={400: "`limit` is not an integer in 1-100, or the cursor was edited (`validation_failed` on "
                     "`limit` or `cursor`)."},
    ),
    ("GET", "/api/users/{id}/profile/"): operation(
        operation_id="users_profile_retrieve",
        summary="Retrieve a user profile",
        description="Any authenticated user may read any profile.",
        tag="users",
        auth=REQUIRED,
        parameters=[_ID],
        responses={200: json_response("The profile.", schema("Profile"), _PROFILE)},
    ),
    ("PUT", "/api/users/{id}/profile/"): _update(partial=False),
    ("PATCH", "/api/users/{id}/profile/"): _update(partial=True),
}
