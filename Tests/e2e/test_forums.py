"""Forums, threads, posts, likes and bookmarks over HTTP."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import Client, assert_error, register

FORUM_KEYS = {"id", "title", "description", "threads_count", "created_at"}
THREAD_KEYS = {"id", "forum_id", "title", "content", "author", "created_at", "updated_at", "posts_count", "likes_count"}
POST_KEYS = {"id", "thread_id", "content", "author", "created_at", "updated_at", "likes_count"}
PASSWORD = "correct horse battery"


@pytest.fixture
def forum(admin):
    boss, _ = admin
    r = boss.post("/api/forums/", {"title": "General", "description": "Anything goes"})
    assert r.status_code == 201, r.text
    return r.json()


def new_thread(client, forum, title="A thread", content="Thread content"):
    r = client.post(f"/api/forums/{forum['id']}/threads/", {"title": title, "content": content})
    assert r.status_code == 201, r.text
    return r.json()


def thread_path(thread):
    return f"/api/forums/{thread['forum_id']}/threads/{thread['id']}/"


def new_post(client, thread, content="A post"):
    r = client.post(thread_path(thread) + "posts/", {"content": content})
    assert r.status_code == 201, r.text
    return r.json()


def post_path(thread, post):
    return thread_path(thread) + f"posts/{post['id']}/"


def walk(client, path):
    """Every id of a paginated list, following `next`; asserts no page repeats an id."""
    seen, r = [], client.get(path)
    while True:
        assert r.status_code == 200, r.text
        body = r.json()
        seen += [item["id"] for item in body["results"]]
        if body["next"] is None:
            break
        r = client.get(body["next"])
    assert len(seen) == len(set(seen)), seen
    return seen


# --- forums ------------------------------------------------------------------------------------

def test_admin_creates_a_forum(admin):
    boss, _ = admin
    r = boss.post("/api/forums/", {"title": "  News  ", "threads_count": 9, "id": 1})
    assert r.status_code == 201
    forum = r.json()
    assert set(forum) == FORUM_KEYS
    assert forum["title"] == "News" and forum["description"] == "" and forum["threads_count"] == 0
    assert forum["created_at"].endswith("Z") and len(forum["created_at"]) == 24


def test_only_admins_write_forums(client, user, forum):
    me, _ = user
    assert_error(client.post("/api/forums/", {"title": "x"}), 401, "not_authenticated")
    assert_error(me.post("/api/forums/", {"title": "x"}), 403, "forbidden")
    assert_error(me.post("/api/forums/", {}), 403, "forbidden")  # 403 before 400
    path = f"/api/forums/{forum['id']}/"
    assert_error(me.put(path, {"title": "x"}), 403, "forbidden")
    assert_error(me.delete(path), 403, "forbidden")
    assert_error(me.put("/api/forums/999999999/", {"title": "x"}), 404, "not_found")  # 404 before 403
    assert_error(client.delete(path), 401, "not_authenticated")


@pytest.mark.parametrize("body,fields", [
    ({}, {"title"}), ({"title": ""}, {"title"}), ({"title": "x" * 201}, {"title"}), ({"title": 5}, {"title"}),
    ({"title": "ok", "description": "x" * 2001}, {"description"}), ({"title": "ok", "description": None}, {"description"}),
])
def test_forum_validation(admin, body, fields):
    boss, _ = admin
    assert_error(boss.post("/api/forums/", body), 400, "validation_failed", fields=fields)


def test_forum_read_replace_delete(client, admin, forum):
    boss, _ = admin
    path = f"/api/forums/{forum['id']}/"
    assert client.get(path).json() == forum
    assert forum["id"] in [f["id"] for f in client.get("/api/forums/?limit=100").json()["results"]]
    r = boss.put(path, {"title": "Renamed"})
    assert r.status_code == 200
    assert r.json() == forum | {"title": "Renamed", "description": ""}  # PUT resets what it omits
    assert_error(boss.put(path, {"description": "d"}), 400, "validation_failed", fields={"title"})
    thread = new_thread(boss, forum)
    post = new_post(boss, thread)
    assert boss.delete(path).status_code == 204
    assert_error(client.get(path), 404, "not_found")
    assert_error(client.get(thread_path(thread)), 404, "not_found")
    assert_error(client.get(post_path(thread, post)), 404, "not_found")


def test_forum_list_is_newest_first_and_paginated(client, admin):
    boss, _ = admin
    ids = [boss.post("/api/forums/", {"title": f"f{i}"}).json()["id"] for i in range(3)]
    listed = walk(client, "/api/forums/?limit=2")
    assert listed == sorted(listed, reverse=True)
    assert listed[:3] == ids[::-1]


def test_missing_forum_is_404(client, user):
    me, _ = user
    assert_error(client.get("/api/forums/999999999/"), 404, "not_found")
    assert_error(client.get("/api/forums/999999999/threads/"), 404, "not_found")
    assert_error(me.post("/api/forums/999999999/threads/", {}), 404, "not_found")  # 404 before 400
    assert_error(client.get("/api/forums/0/"), 404, "not_found")


# --- threads -----------------------------------------------------------------------------------

def test_create_thread_and_read_it(client, user, forum):
    me, body = user
    thread = new_thread(me, forum, "  Hello  ", "First!")
    assert set(thread) == THREAD_KEYS | {"liked", "bookmarked"}
    assert thread["forum_id"] == forum["id"] and thread["title"] == "Hello" and thread["content"] == "First!"
    assert thread["author"] == {"id": body["user"]["id"], "username": body["user"]["username"]}
    assert thread["posts_count"] == 0 and thread["likes_count"] == 0
    assert thread["liked"] is False and thread["bookmarked"] is False
    anonymous = client.get(thread_path(thread)).json()
    assert set(anonymous) == THREAD_KEYS  # per-user fields are absent, not false
    assert anonymous == {k: v for k, v in thread.items() if k in THREAD_KEYS}
    assert me.get(thread_path(thread)).json() == thread
    assert client.get(f"/api/forums/{forum['id']}/").json()["threads_count"] == 1


def test_thread_ignores_fields_clients_may_not_set(user, forum, admin):
    me, body = user
    boss, _ = admin
    other = boss.post("/api/forums/", {"title": "Other"}).json()
    r = me.post(f"/api/forums/{forum['id']}/threads/", {"title": "t", "content": "c", "forum_id": other["id"],
                                                        "likes_count": 5, "author": 1, "posts_count": 3})
    assert r.status_code == 201
    thread = r.json()
    assert thread["forum_id"] == forum["id"] and thread["likes_count"] == 0 and thread["posts_count"] == 0
    assert thread["author"]["id"] == body["user"]["id"]


@pytest.mark.parametrize("body,fields", [
    ({}, {"title", "content"}), ({"title": "t"}, {"content"}), ({"title": "", "content": "c"}, {"title"}),
    ({"title": "x" * 201, "content": "c"}, {"title"}), ({"title": "t", "content": "x" * 50_001}, {"content"}),
    ({"title": "t", "content": 1}, {"content"}),
])
def test_thread_validation(user, forum, body, fields):
    me, _ = user
    assert_error(me.post(f"/api/forums/{forum['id']}/threads/", body), 400, "validation_failed", fields=fields)


def test_thread_of_another_forum_is_404(client, user, admin, forum):
    me, _ = user
    boss, _ = admin
    other = boss.post("/api/forums/", {"title": "Other"}).json()
    thread = new_thread(me, forum)
    post = new_post(me, thread)
    wrong = f"/api/forums/{other['id']}/threads/{thread['id']}/"
    assert_error(client.get(wrong), 404, "not_found")
    assert_error(me.put(wrong, {"title": "t", "content": "c"}), 404, "not_found")
    assert_error(me.delete(wrong), 404, "not_found")
    assert_error(me.post(wrong + "like/"), 404, "not_found")
    assert_error(me.delete(wrong + "like/"), 404, "not_found")
    assert_error(me.post(wrong + "bookmark/"), 404, "not_found")
    assert_error(me.delete(wrong + "bookmark/"), 404, "not_found")
    assert_error(client.get(wrong + "posts/"), 404, "not_found")
    assert_error(me.post(wrong + "posts/", {"content": "x"}), 404, "not_found")
    assert_error(client.get(wrong + f"posts/{post['id']}/"), 404, "not_found")
    assert_error(me.post(wrong + f"posts/{post['id']}/like/"), 404, "not_found")
    assert client.get(thread_path(thread)).status_code == 200


def test_thread_put_and_delete_rules(client, user, admin, forum):
    me, _ = user
    other, _ = register()
    boss, _ = admin
    thread = new_thread(me, forum, "Before", "Old")
    path = thread_path(thread)
    assert_error(client.put(path, {"title": "t", "content": "c"}), 401, "not_authenticated")
    assert_error(other.put(path, {}), 403, "forbidden")  # 403 before 400
    assert_error(other.delete(path), 403, "forbidden")
    assert_error(me.put(path, {"title": "Only"}), 400, "validation_failed", fields={"content"})
    r = me.put(path, {"title": "After", "content": "New", "forum_id": 12345})
    assert r.status_code == 200
    assert r.json() | {"updated_at": None} == thread | {"title": "After", "content": "New", "updated_at": None}
    assert r.json()["updated_at"] > thread["updated_at"]
    assert boss.put(path, {"title": "By admin", "content": "x"}).json()["author"] == thread["author"]
    assert boss.delete(path).status_code == 204
    assert_error(client.get(path), 404, "not_found")
    assert client.get(f"/api/forums/{forum['id']}/").json()["threads_count"] == 0


def test_thread_list_newest_first_with_pages_while_threads_are_added(client, user, forum):
    me, _ = user
    ids = [new_thread(me, forum, f"t{i}")["id"] for i in range(5)]
    seen, added = [], []
    r = client.get(f"/api/forums/{forum['id']}/threads/?limit=2").json()
    while True:
        assert all(set(t) == THREAD_KEYS for t in r["results"])
        seen += [t["id"] for t in r["results"]]
        added.append(new_thread(me, forum, "added")["id"])
        if not r["next"]:
            break
        r = client.get(r["next"]).json()
    assert seen == ids[::-1]
    assert walk(me, f"/api/forums/{forum['id']}/threads/?limit=4") == sorted(ids + added, reverse=True)
    assert client.get(f"/api/forums/{forum['id']}/").json()["threads_count"] == len(ids + added)


def test_unsupported_methods_are_405(user, forum):
    me, _ = user
    thread = new_thread(me, forum)
    r = me.patch(thread_path(thread), {"title": "x"})
    assert_error(r, 405, "method_not_allowed")
    assert set(r.headers["Allow"].replace(" ", "").split(",")) == {"GET", "PUT", "DELETE"}
    r = me.get(thread_path(thread) + "like/")
    assert_error(r, 405, "method_not_allowed")
    assert set(r.headers["Allow"].replace(" ", "").split(",")) == {"POST", "DELETE"}


# --- likes and bookmarks -----------------------------------------------------------------------

def test_like_and_unlike_are_idempotent(client, user, forum):
    me, _ = user
    other, _ = register()
    thread = new_thread(me, forum)
    like = thread_path(thread) + "like/"
    assert_error(client.post(like), 401, "not_authenticated")
    assert_error(client.delete(like), 401, "not_authenticated")
    for _ in range(2):
        r = me.post(like)
        assert r.status_code == 200 and r.json() == {"liked": True, "likes_count": 1}
    assert other.post(like).json() == {"liked": True, "likes_count": 2}
    assert me.get(thread_path(thread)).json()["liked"] is True
    assert client.get(thread_path(thread)).json()["likes_count"] == 2
    for _ in range(2):
        r = me.delete(like)
        assert r.status_code == 200 and r.json() == {"liked": False, "likes_count": 1}
    assert me.get(thread_path(thread)).json()["liked"] is False
    assert other.get(thread_path(thread)).json()["liked"] is True
    # Unliking what was never liked is 200 with the unchanged state.
    third, _ = register()
    assert third.delete(like).json() == {"liked": False, "likes_count": 1}


def test_liked_and_bookmarked_in_lists_are_the_callers(client, user, forum):
    me, _ = user
    other, _ = register()
    liked, plain = new_thread(me, forum, "liked"), new_thread(me, forum, "plain")
    me.post(thread_path(liked) + "like/")
    me.post(thread_path(plain) + "bookmark/")
    rows = {t["id"]: t for t in me.get(f"/api/forums/{forum['id']}/threads/").json()["results"]}
    assert (rows[liked["id"]]["liked"], rows[liked["id"]]["bookmarked"]) == (True, False)
    assert (rows[plain["id"]]["liked"], rows[plain["id"]]["bookmarked"]) == (False, True)
    assert rows[liked["id"]]["likes_count"] == 1
    rows = {t["id"]: t for t in other.get(f"/api/forums/{forum['id']}/threads/").json()["results"]}
    assert not rows[liked["id"]]["liked"] and not rows[plain["id"]]["bookmarked"]
    anonymous = client.get(f"/api/forums/{forum['id']}/threads/").json()["results"]
    assert all("liked" not in t and "bookmarked" not in t for t in anonymous)


def test_bookmarks_and_the_bookmarked_filter(client, user, forum, admin):
    me, _ = user
    boss, _ = admin
    threads = [new_thread(me, forum, f"b{i}") for i in range(4)]
    other_forum = boss.post("/api/forums/", {"title": "Elsewhere"}).json()
    elsewhere = new_thread(me, other_forum)
    for thread in [threads[0], threads[2], elsewhere]:
        for _ in range(2):
            r = me.post(thread_path(thread) + "bookmark/")
            assert r.status_code == 200 and r.json() == {"bookmarked": True}
    path = f"/api/forums/{forum['id']}/threads/?bookmarked=true"
    assert walk(me, path + "&limit=1") == [threads[2]["id"], threads[0]["id"]]
    assert all(t["bookmarked"] for t in me.get(path).json()["results"])
    other, _ = register()
    assert other.get(path).json()["results"] == []
    for _ in range(2):
        assert me.delete(thread_path(threads[2]) + "bookmark/").json() == {"bookmarked": False}
    assert walk(me, path) == [threads[0]["id"]]


def test_bookmarked_filter_needs_a_token_and_only_accepts_true(client, user, forum):
    me, _ = user
    path = f"/api/forums/{forum['id']}/threads/"
    assert_error(client.get(path + "?bookmarked=true"), 401, "not_authenticated")
    assert_error(client.get("/api/forums/999999999/threads/?bookmarked=true"), 401, "not_authenticated")
    for value in ["false", "1", "yes", "True", ""]:
        assert_error(me.get(path + "?bookmarked=" + value), 400, "validation_failed", fields={"bookmarked"})
        assert_error(client.get(path + "?bookmarked=" + value), 400, "validation_failed", fields={"bookmarked"})
    assert_error(me.get("/api/forums/999999999/threads/?bookmarked=yes"), 404, "not_found")  # 404 before 400
    assert_error(client.post(path.replace("threads/", "threads/1/bookmark/")), 401, "not_authenticated")


def test_50_concurrent_likes_by_50_users_count_50(user, forum):
    me, _ = user
    thread = new_thread(me, forum)
    like = thread_path(thread) + "like/"
    with ThreadPoolExecutor(max_workers=10) as pool:
        users = list(pool.map(lambda _: register()[0], range(50)))
    with ThreadPoolExecutor(max_workers=25) as pool:
        responses = list(pool.map(lambda c: c.post(like), users))
        responses += list(pool.map(lambda c: c.post(like), users[:10]))  # repeats change nothing
    assert all(r.status_code == 200 and r.json()["liked"] is True for r in responses), [r.text for r in responses]
    assert max(r.json()["likes_count"] for r in responses) == 50
    assert me.get(thread_path(thread)).json()["likes_count"] == 50
    with ThreadPoolExecutor(max_workers=25) as pool:
        responses = list(pool.map(lambda c: c.delete(like), users[:20]))
    assert all(r.status_code == 200 and r.json()["liked"] is False for r in responses)
    assert me.get(thread_path(thread)).json()["likes_count"] == 30


def test_deleting_a_user_removes_their_likes_posts_and_threads(client, user, forum):
    me, _ = user
    thread = new_thread(me, forum)
    gone, _ = register()
    gone.post(thread_path(thread) + "like/")
    new_post(gone, thread)
    their_thread = new_thread(gone, forum)
    assert client.get(thread_path(thread)).json()["likes_count"] == 1
    assert gone.delete("/api/auth/user/", {"password": PASSWORD}).status_code == 204
    after = client.get(thread_path(thread)).json()
    assert after["likes_count"] == 0 and after["posts_count"] == 0
    assert_error(client.get(thread_path(their_thread)), 404, "not_found")
    assert client.get(f"/api/forums/{forum['id']}/").json()["threads_count"] == 1


# --- posts -------------------------------------------------------------------------------------

def test_create_post_and_read_it(client, user, forum):
    me, body = user
    thread = new_thread(me, forum)
    post = new_post(me, thread, "  Reply  ")
    assert set(post) == POST_KEYS | {"liked"}
    assert post["thread_id"] == thread["id"] and post["content"] == "Reply" and post["liked"] is False
    assert post["author"] == {"id": body["user"]["id"], "username": body["user"]["username"]}
    assert post["likes_count"] == 0
    anonymous = client.get(post_path(thread, post)).json()
    assert anonymous == {k: v for k, v in post.items() if k != "liked"}
    assert client.get(thread_path(thread)).json()["posts_count"] == 1
    assert_error(client.post(thread_path(thread) + "posts/", {"content": "x"}), 401, "not_authenticated")


@pytest.mark.parametrize("body", [{}, {"content": ""}, {"content": "x" * 50_001}, {"content": 3}, {"content": None}])
def test_post_validation(user, forum, body):
    me, _ = user
    thread = new_thread(me, forum)
    assert_error(me.post(thread_path(thread) + "posts/", body), 400, "validation_failed", fields={"content"})


def test_posts_are_oldest_first_with_pages_while_posts_are_added(client, user, forum):
    me, _ = user
    thread = new_thread(me, forum)
    ids = [new_post(me, thread, f"p{i}")["id"] for i in range(5)]
    seen, added = [], []
    r = client.get(thread_path(thread) + "posts/?limit=2").json()
    while True:
        assert all(set(p) == POST_KEYS for p in r["results"])
        seen += [p["id"] for p in r["results"]]
        if len(added) < 3:
            added.append(new_post(me, thread, "added")["id"])  # newer: shows up at the end
        if not r["next"]:
            break
        r = client.get(r["next"]).json()
    assert seen == ids + added
    assert client.get(thread_path(thread)).json()["posts_count"] == len(ids + added)


def test_post_rules_and_path_consistency(client, user, admin, forum):
    me, _ = user
    other, _ = register()
    boss, _ = admin
    thread, second = new_thread(me, forum), new_thread(me, forum)
    post = new_post(me, thread)
    path = post_path(thread, post)
    assert_error(client.get(post_path(second, post)), 404, "not_found")  # a post of another thread
    assert_error(other.put(post_path(second, post), {"content": "x"}), 404, "not_found")
    assert_error(client.get(thread_path(thread) + "posts/999999999/"), 404, "not_found")
    assert_error(client.put(path, {"content": "x"}), 401, "not_authenticated")
    assert_error(other.put(path, {}), 403, "forbidden")
    assert_error(other.delete(path), 403, "forbidden")
    assert_error(me.put(path, {}), 400, "validation_failed", fields={"content"})
    r = me.put(path, {"content": "Edited", "thread_id": second["id"], "likes_count": 7})
    assert r.status_code == 200
    assert r.json()["content"] == "Edited" and r.json()["thread_id"] == thread["id"] and r.json()["likes_count"] == 0
    assert boss.put(path, {"content": "Moderated"}).json()["author"] == post["author"]
    assert me.delete(path).status_code == 204
    assert_error(client.get(path), 404, "not_found")
    assert client.get(thread_path(thread)).json()["posts_count"] == 0
    other_post = new_post(other, thread)
    assert boss.delete(post_path(thread, other_post)).status_code == 204


def test_post_likes(client, user, forum):
    me, _ = user
    other, _ = register()
    thread = new_thread(me, forum)
    post = new_post(me, thread)
    like = post_path(thread, post) + "like/"
    assert_error(client.post(like), 401, "not_authenticated")
    assert me.post(like).json() == {"liked": True, "likes_count": 1}
    assert me.post(like).json() == {"liked": True, "likes_count": 1}
    assert other.post(like).json() == {"liked": True, "likes_count": 2}
    rows = {p["id"]: p for p in me.get(thread_path(thread) + "posts/").json()["results"]}
    assert rows[post["id"]]["liked"] is True and rows[post["id"]]["likes_count"] == 2
    assert other.delete(like).json() == {"liked": False, "likes_count": 1}
    assert other.delete(like).json() == {"liked": False, "likes_count": 1}
    assert other.get(post_path(thread, post)).json()["liked"] is False
    assert me.get(post_path(thread, post)).json()["liked"] is True
    assert "liked" not in client.get(post_path(thread, post)).json()
    assert_error(me.post(thread_path(thread) + "posts/999999999/like/"), 404, "not_found")


def test_deleting_a_thread_deletes_its_posts(client, user, forum):
    me, _ = user
    thread = new_thread(me, forum)
    posts = [new_post(me, thread) for _ in range(3)]
    me.post(post_path(thread, posts[0]) + "like/")
    me.post(thread_path(thread) + "bookmark/")
    assert me.delete(thread_path(thread)).status_code == 204
    for post in posts:
        assert_error(client.get(post_path(thread, post)), 404, "not_found")
    assert thread["id"] not in walk(me, f"/api/forums/{forum['id']}/threads/?bookmarked=true")
