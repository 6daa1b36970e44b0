"""The `blogs` function: `/api/blogs/...` (API.md sections 4, 5 and 12)."""
from .common import (
    ID, OPTIONAL, PAGINATION, REQUIRED, TIMESTAMP, error_response, json_body, json_response, limit_param,
    no_content, operation, page_of, path_id, query, request_object, schema, strict_object, string,
)

TAG = {
    "name": "blogs",
    "description": "Blogs: anyone reads, an authenticated user writes, the author or an admin changes. Every "
                   "`GET` of one blog counts a view.",
}

TITLE = string(1, 200, description="1-200 characters; surrounding whitespace is trimmed (a blank title is 400).")
CONTENT = string(1, 100_000, description="1-100 000 characters; surrounding whitespace is trimmed.")

_AUTHOR = {"id": 42, "username": "alice"}
_BLOG = {"id": 7, "title": "Shipping Swift on the server", "content": "Notes from a year of FastCGI functions.",
         "author": _AUTHOR, "created_at": "2026-11-29T10:15:30.123Z", "updated_at": "2026-11-29T10:15:30.123Z",
         "views": 12}

SCHEMAS = {
    "Blog": strict_object(
        {
            "id": ID,
            "title": string(1, 200),
            "content": string(1, 100_000),
            "author": schema("PublicUser"),
            "created_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
            "views": {"type": "integer", "minimum": 0,
                      "description": "Every `GET /api/blogs/{id}/` counts one view (the response includes it); "
                                     "lists do not."},
        },
        examples=[_BLOG],
    ),
}

_FIELDS = json_body(request_object({"title": TITLE, "content": CONTENT}, required=["title", "content"]),
                    {"title": _BLOG["title"], "content": _BLOG["content"]},
                    description="`id`, `author`, `views`, `created_at` and `updated_at` are ignored when sent.")
_ID = path_id("id", "The blog's id.")
_NOT_AUTHOR = {403: "The caller is neither the blog's author nor an admin (checked after the 404, before the body)."}
_LIST_400 = error_response(
    400, "`limit` is not an integer in 1-100, `author` is not a positive integer id, `search` is longer than 200 "
         "characters, or the cursor was edited (`validation_failed` on that parameter).",
    fields={"author": "Enter a valid id."})

OPERATIONS = {
    ("GET", "/api/blogs/"): operation(
        operation_id="blogs_list",
        summary="List all blogs",
        description="Newest first, cursor-paginated. With `search`, ordered by relevance (title words weigh more "
                    "than content words), then newest; the cursor then carries the rank too.",
        tag="blogs",
        auth=OPTIONAL,
        parameters=[*PAGINATION,
                    query("author", "Only the blogs of this user id (an unknown id gives an empty list; an empty "
                                    "value is no filter; anything but a positive integer is 400).",
                          {"type": "string", "pattern": "^([1-9][0-9]*)?$"}),
                    query("search", "Full-text search over title and content with PostgreSQL's English "
                                    "configuration (stemming, stop words): every word must match. Blank is no "
                                    "filter; at most 200 characters.")],
        responses={200: json_response("One page of blogs.", page_of(schema("Blog")),
                                      {"results": [_BLOG], "next": "/api/blogs/?search=swift&cursor=eyJpZCI6N30."
                                                                   "q8Xf2Lw7o0nUuQ6y3k1pZA&limit=20"})},
        errors={400: _LIST_400},
    ),
    ("POST", "/api/blogs/"): operation(
        operation_id="blogs_create",
        summary="Create a new blog",
        description="The caller becomes the author.",
        tag="blogs",
        auth=REQUIRED,
        body=_FIELDS,
        responses={201: json_response("The new blog (`views` 0).", schema("Blog"), _BLOG | {"views": 0})},
    ),
    ("GET", "/api/blogs/popular/"): operation(
        operation_id="blogs_popular",
        summary="List popular blogs",
        description="A ranked list, not paginated (`next` is always null): blogs by `views / (age_in_hours + 2) ^ "
                    "1.5` at the time of the request, ties to the newer blog; blogs without views are included "
                    "(after all others, newest first).",
        tag="blogs",
        auth=OPTIONAL,
        parameters=[limit_param(default=10, maximum=100)],
        responses={200: json_response(
            "The most popular blogs, best first.",
            strict_object({"results": {"type": "array", "items": schema("Blog"), "maxItems": 100},
                           "next": {"type": "null"}}),
            {"results": [_BLOG], "next": None})},
        errors={400: "`limit` is not an integer in 1-100 (`validation_failed` on `limit`)."},
    ),
    ("GET", "/api/blogs/{id}/"): operation(
        operation_id="blogs_retrieve",
        summary="Retrieve a specific blog",
        description="Counts one view and returns the blog with it included.",
        tag="blogs",
        auth=OPTIONAL,
        parameters=[_ID],
        responses={200: json_response("The blog.", schema("Blog"), _BLOG)},
    ),
    ("PUT", "/api/blogs/{id}/"): operation(
        operation_id="blogs_update",
        summary="Update a specific blog",
        description="Replaces title and content (both required). The author or an admin only.",
        tag="blogs",
        auth=REQUIRED,
        parameters=[_ID],
        body=_FIELDS,
        responses={200: json_response("The updated blog.", schema("Blog"), _BLOG)},
        errors=_NOT_AUTHOR,
    ),
    ("DELETE", "/api/blogs/{id}/"): operation(
        operation_id="blogs_destroy",
        summary="Delete a specific blog",
        description="The author or an admin only.",
        tag="blogs",
        auth=REQUIRED,
        parameters=[_ID],
        responses={204: no_content("The blog is deleted.")},
        errors=_NOT_AUTHOR,
    ),
}
