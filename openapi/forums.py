"""The `forums` function: `/api/forums/...`, forums, threads, posts, likes and bookmarks (API.md
sections 4, 6 and 12)."""
from .common import (
    ID, OPTIONAL, PAGINATION, REQUIRED, TIMESTAMP, error_response, json_body, json_response, no_content, operation,
    page_of, path_id, query, request_object, schema, strict_object, string,
)

TAG = {
    "name": "forums",
    "description": "Forums (admins write), their threads and posts (authenticated users write, the author or an "
                   "admin changes), likes and bookmarks. Paths must be consistent: a thread of another forum, or a "
                   "post of another thread, is 404.",
}

_COUNT = {"type": "integer", "minimum": 0}
_AUTHOR = {"id": 42, "username": "alice"}
_T = "2026-11-29T10:15:30.123Z"
_FORUM = {"id": 3, "title": "General", "description": "Anything goes.", "threads_count": 12, "created_at": _T}
_THREAD = {"id": 17, "forum_id": 3, "title": "Welcome", "content": "Say hello here.", "author": _AUTHOR,
           "created_at": _T, "updated_at": _T, "posts_count": 4, "likes_count": 2, "liked": True, "bookmarked": False}
_POST = {"id": 99, "thread_id": 17, "content": "Hello!", "author": _AUTHOR, "created_at": _T, "updated_at": _T,
         "likes_count": 1, "liked": False}
_PER_USER = " Absent for anonymous callers (not false)."

SCHEMAS = {
    "Forum": strict_object(
        {"id": ID, "title": string(1, 200), "description": string(max_length=2000), "threads_count": _COUNT,
         "created_at": TIMESTAMP},
        examples=[_FORUM],
    ),
    "Thread": strict_object(
        {
            "id": ID, "forum_id": ID, "title": string(1, 200), "content": string(1, 50_000),
            "author": schema("PublicUser"), "created_at": TIMESTAMP, "updated_at": TIMESTAMP,
            "posts_count": _COUNT, "likes_count": _COUNT,
            "liked": {"type": "boolean", "description": "Whether the caller likes the thread." + _PER_USER},
            "bookmarked": {"type": "boolean", "description": "Whether the caller bookmarked it." + _PER_USER},
        },
        required=["id", "forum_id", "title", "content", "author", "created_at", "updated_at", "posts_count",
                  "likes_count"],
        examples=[_THREAD],
    ),
    "Post": strict_object(
        {
            "id": ID, "thread_id": ID, "content": string(1, 50_000), "author": schema("PublicUser"),
            "created_at": TIMESTAMP, "updated_at": TIMESTAMP, "likes_count": _COUNT,
            "liked": {"type": "boolean", "description": "Whether the caller likes the post." + _PER_USER},
        },
        required=["id", "thread_id", "content", "author", "created_at", "updated_at", "likes_count"],
        examples=[_POST],
    ),
    "LikeState": strict_object({"liked": {"type": "boolean"}, "likes_count": _COUNT},
                               description="The caller's like and the count right after the change.",
                               examples=[{"liked": True, "likes_count": 3}]),
    "BookmarkState": strict_object({"bookmarked": {"type": "boolean"}}, examples=[{"bookmarked": True}]),
}

_TRIM = "surrounding whitespace is trimmed"
_FORUM_BODY = json_body(request_object({
    "title": string(1, 200, description=f"1-200 characters; {_TRIM}."),
    "description": string(max_length=2000, description=f"At most 2000 characters (default \"\"; a PUT without it "
                                                        f"resets it); {_TRIM}."),
}, required=["title"]), {"title": "General", "description": "Anything goes."},
    description="`id`, `threads_count` and `created_at` are ignored when sent.")
_THREAD_BODY = json_body(request_object({
    "title": string(1, 200, description=f"1-200 characters; {_TRIM}."),
    "content": string(1, 50_000, description=f"1-50 000 characters; {_TRIM}."),
}, required=["title", "content"]), {"title": "Welcome", "content": "Say hello here."},
    description="`forum_id` comes from the path (a thread never moves); `author` and the counters are ignored.")
_POST_BODY = json_body(request_object({
    "content": string(1, 50_000, description=f"1-50 000 characters; {_TRIM}."),
}, required=["content"]), {"content": "Hello!"}, description="`thread_id`, `author` and `likes_count` are ignored.")

_FORUMS = "/api/forums/"
_THREADS = _FORUMS + "{forum_id}/threads/"
_POSTS = _THREADS + "{thread_id}/posts/"
_FORUM_ID = path_id("forum_id", "The forum's id.")
_THREAD_ID = path_id("thread_id", "The thread's id (in that forum, else 404).")
_ADMIN = {403: "The caller is not an admin (checked after the 404, before the body)."}
_AUTHOR_ONLY = {403: "The caller is neither the author nor an admin (checked after the 404, before the body)."}
_PAGE_400 = "`limit` is not an integer in 1-100, or the cursor was edited (`validation_failed` on `limit` or `cursor`)."


def _op(method, path, operation_id, summary, auth, responses, parameters=(), **extra):
    return (method, path), operation(operation_id=operation_id, summary=summary, tag="forums", auth=auth,
                                     responses=responses, parameters=list(parameters), **extra)


def _mark(path, parameters, noun, kind, marked):
    """POST or DELETE of a like or bookmark: idempotent, 200 with the state."""
    verb = ("Like" if marked else "Unlike") if kind == "like" else ("Bookmark" if marked else "Remove the bookmark of")
    state = "LikeState" if kind == "like" else "BookmarkState"
    example = {"liked": marked, "likes_count": 3} if kind == "like" else {"bookmarked": marked}
    return _op("POST" if marked else "DELETE", path, f"forums_{noun}_{kind}_{'create' if marked else 'destroy'}",
               f"{verb} a {noun}", REQUIRED,
               {200: json_response("The caller's state" + (" and the like count." if kind == "like" else "."),
                                   schema(state), example)},
               parameters,
               description="Idempotent: doing it twice, or undoing what was never done, is 200 with the unchanged "
                           "state.")


_THREAD_PATH = [_FORUM_ID, path_id("id", "The thread's id (in that forum, else 404).")]
_POST_PATH = [_FORUM_ID, _THREAD_ID, path_id("id", "The post's id (in that thread, else 404).")]

OPERATIONS = dict([
    _op("GET", _FORUMS, "forums_list", "List all forums", OPTIONAL,
        {200: json_response("One page of forums, newest first.", page_of(schema("Forum")),
                            {"results": [_FORUM], "next": None})},
        PAGINATION, errors={400: _PAGE_400}),
    _op("POST", _FORUMS, "forums_create", "Create a new forum", REQUIRED,
        {201: json_response("The new forum.", schema("Forum"), _FORUM | {"threads_count": 0})},
        body=_FORUM_BODY, errors={403: "The caller is not an admin (checked before the body)."}),
    _op("GET", _FORUMS + "{id}/", "forums_retrieve", "Retrieve a specific forum", OPTIONAL,
        {200: json_response("The forum.", schema("Forum"), _FORUM)}, [path_id("id", "The forum's id.")]),
    _op("PUT", _FORUMS + "{id}/", "forums_update", "Update a specific forum", REQUIRED,
        {200: json_response("The updated forum.", schema("Forum"), _FORUM)}, [path_id("id", "The forum's id.")],
        body=_FORUM_BODY, errors=_ADMIN, description="Replaces title and description. Admins only."),
    _op("DELETE", _FORUMS + "{id}/", "forums_destroy", "Delete a specific forum", REQUIRED,
        {204: no_content("The forum is deleted with its threads, posts, likes and bookmarks.")},
        [path_id("id", "The forum's id.")], errors=_ADMIN),

    _op("GET", _THREADS, "forums_threads_list", "List all threads in a forum", OPTIONAL,
        {200: json_response("One page of threads, newest first.", page_of(schema("Thread")),
                            {"results": [_THREAD], "next": None})},
        [_FORUM_ID, *PAGINATION,
         query("bookmarked", "`true`: only the caller's bookmarked threads (401 without a token, checked before the "
                             "forum's 404). Any other value is 400.", {"type": "string", "enum": ["true"]})],
        errors={400: error_response(400, "`bookmarked` is not `true`, or " + _PAGE_400,
                                    fields={"bookmarked": "The only accepted value is \"true\"."})}),
    _op("POST", _THREADS, "forums_threads_create", "Create a new thread in a forum", REQUIRED,
        {201: json_response("The new thread.", schema("Thread"),
                            _THREAD | {"posts_count": 0, "likes_count": 0, "liked": False})},
        [_FORUM_ID], body=_THREAD_BODY, description="The caller becomes the author."),
    _op("GET", _THREADS + "{id}/", "forums_threads_retrieve", "Retrieve a specific thread", OPTIONAL,
        {200: json_response("The thread.", schema("Thread"), _THREAD)}, _THREAD_PATH),
    _op("PUT", _THREADS + "{id}/", "forums_threads_update", "Update a specific thread", REQUIRED,
        {200: json_response("The updated thread.", schema("Thread"), _THREAD)}, _THREAD_PATH,
        body=_THREAD_BODY, errors=_AUTHOR_ONLY, description="Replaces title and content. The author or an admin."),
    _op("DELETE", _THREADS + "{id}/", "forums_threads_destroy", "Delete a specific thread", REQUIRED,
        {204: no_content("The thread is deleted with its posts, likes and bookmarks.")}, _THREAD_PATH,
        errors=_AUTHOR_ONLY),
    _mark(_THREADS + "{id}/like/", _THREAD_PATH, "thread", "like", True),
    _mark(_THREADS + "{id}/like/", _THREAD_PATH, "thread", "like", False),
    _mark(_THREADS + "{id}/bookmark/", _THREAD_PATH, "thread", "bookmark", True),
    _mark(_THREADS + "{id}/bookmark/", _THREAD_PATH, "thread", "bookmark", False),

    _op("GET", _POSTS, "forums_posts_list", "List all posts in a thread", OPTIONAL,
        {200: json_response("One page of posts, oldest first (creation order).", page_of(schema("Post")),
                            {"results": [_POST], "next": None})},
        [_FORUM_ID, _THREAD_ID, *PAGINATION], errors={400: _PAGE_400}),
    _op("POST", _POSTS, "forums_posts_create", "Create a new post in a thread", REQUIRED,
        {201: json_response("The new post.", schema("Post"), _POST | {"likes_count": 0})},
        [_FORUM_ID, _THREAD_ID], body=_POST_BODY, description="The caller becomes the author."),
    _op("GET", _POSTS + "{id}/", "forums_posts_retrieve", "Retrieve a specific post", OPTIONAL,
        {200: json_response("The post.", schema("Post"), _POST)}, _POST_PATH),
    _op("PUT", _POSTS + "{id}/", "forums_posts_update", "Update a specific post", REQUIRED,
        {200: json_response("The updated post.", schema("Post"), _POST)}, _POST_PATH,
        body=_POST_BODY, errors=_AUTHOR_ONLY, description="Replaces the content. The author or an admin."),
    _op("DELETE", _POSTS + "{id}/", "forums_posts_destroy", "Delete a specific post", REQUIRED,
        {204: no_content("The post is deleted with its likes.")}, _POST_PATH, errors=_AUTHOR_ONLY),
    _mark(_POSTS + "{id}/like/", _POST_PATH, "post", "like", True),
    _mark(_POSTS + "{id}/like/", _POST_PATH, "post", "like", False),
])
