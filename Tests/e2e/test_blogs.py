"""Blogs over HTTP: CRUD rules, views, search, popular, pages."""
import os
import random
import string
import subprocess
from datetime import datetime, timezone

import pytest

from conftest import Client, assert_error, register

BLOG_KEYS = {"id", "title", "content", "author", "created_at", "updated_at", "views"}
PASSWORD = "correct horse battery"


def word():
    """A made-up word no other blog contains: full-text hits belong to this test alone."""
    return "zq" + "".join(random.choice(string.ascii_lowercase) for _ in range(10))


def new_blog(client, title="A title", content="Some content."):
    r = client.post("/api/blogs/", {"title": title, "content": content})
    assert r.status_code == 201, r.text
    return r.json()


def walk(client, path):
    """Every id of a paginated list, following `next`; asserts no page repeats an id."""
    seen, r = [], client.get(path)
    assert r.status_code == 200, r.text
    while True:
        body = r.json()
        assert set(body) == {"results", "next"}
        seen += [item["id"] for item in body["results"]]
        if body["next"] is None:
            break
        r = client.get(body["next"])
        assert r.status_code == 200, r.text
    assert len(seen) == len(set(seen)), seen
    return seen


def sql(statement):
    """Runs SQL on the stack's database (as the command-line tools would); returns the output."""
    return subprocess.run(["psql", os.environ.get("DATABASE_URL", ""), "-qtAc", statement], check=True,
                          capture_output=True, text=True).stdout.strip()


def parse_time(text):
    assert len(text) == 24 and text.endswith("Z"), text
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


# --- create ------------------------------------------------------------------------------------

def test_create_returns_the_blog(user):
    me, body = user
    blog = new_blog(me, "  Hello world  ", "First post.")
    assert set(blog) == BLOG_KEYS
    assert blog["title"] == "Hello world" and blog["content"] == "First post."
    assert blog["author"] == {"id": body["user"]["id"], "username": body["user"]["username"]}
    assert blog["views"] == 0 and isinstance(blog["id"], int) and blog["id"] > 0
    assert parse_time(blog["created_at"]) == parse_time(blog["updated_at"])


def test_create_ignores_fields_clients_may_not_set(user):
    me, body = user
    other, other_body = register()
    r = me.post("/api/blogs/", {"title": "t", "content": "c", "id": 1, "views": 99, "created_at": "2000-01-01T00:00:00.000Z",
                                "author": other_body["user"]["id"], "author_id": other_body["user"]["id"]})
    assert r.status_code == 201
    blog = r.json()
    assert blog["views"] == 0 and blog["author"]["id"] == body["user"]["id"]
    assert not blog["created_at"].startswith("2000")


def test_create_needs_a_valid_token(client):
    assert_error(client.post("/api/blogs/", {"title": "t", "content": "c"}), 401, "not_authenticated")
    assert_error(client.post("/api/blogs/", {"title": "t", "content": "c"}, token="not.a.token"), 401, "token_invalid")
    # An invalid token is refused on public endpoints too.
    assert_error(client.get("/api/blogs/", token="not.a.token"), 401, "token_invalid")
    assert_error(client.get("/api/blogs/popular/", token="not.a.token"), 401, "token_invalid")


@pytest.mark.parametrize("body,fields", [
    ({}, {"title", "content"}),
    ({"title": "t"}, {"content"}),
    ({"title": "", "content": "c"}, {"title"}),
    ({"title": "   ", "content": "c"}, {"title"}),
    ({"title": "x" * 201, "content": "c"}, {"title"}),
    ({"title": 123, "content": "c"}, {"title"}),
    ({"title": None, "content": "c"}, {"title"}),
    ({"title": "t", "content": "x" * 100_001}, {"content"}),
    ({"title": "t", "content": ["c"]}, {"content"}),
])
def test_create_validation(user, body, fields):
    me, _ = user
    assert_error(me.post("/api/blogs/", body), 400, "validation_failed", fields=fields)


def test_create_limits_are_inclusive(user):
    me, _ = user
    blog = new_blog(me, "x" * 200, "y" * 100_000)
    assert len(blog["title"]) == 200 and len(blog["content"]) == 100_000


def test_create_bad_json_and_content_type(user):
    me, _ = user
    r = me.request("POST", "/api/blogs/", data="{not json", headers={"Content-Type": "application/json"})
    assert_error(r, 400, "invalid_json")
    r = me.request("POST", "/api/blogs/", data="title=t", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error(r, 415, "unsupported_media_type")


# --- read and views ----------------------------------------------------------------------------

def test_every_get_counts_a_view_and_shows_it(client, user):
    me, _ = user
    blog = new_blog(me)
    path = f"/api/blogs/{blog['id']}/"
    first = client.get(path)
    assert first.status_code == 200 and set(first.json()) == BLOG_KEYS
    assert first.json()["views"] == 1
    assert me.get(path).json()["views"] == 2
    assert client.get(path.rstrip("/")).json()["views"] == 3  # the trailing slash is optional
    listed = [b for b in client.get(f"/api/blogs/?author={blog['author']['id']}").json()["results"] if b["id"] == blog["id"]]
    assert listed[0]["views"] == 3  # listing does not count


def test_missing_blog_is_404(client):
    assert_error(client.get("/api/blogs/999999999/"), 404, "not_found")
    assert_error(client.get("/api/blogs/01/"), 404, "not_found")
    assert_error(client.get("/api/blogs/abc/"), 404, "not_found")


def test_unsupported_methods_are_405(client, user):
    me, _ = user
    blog = new_blog(me)
    r = me.patch(f"/api/blogs/{blog['id']}/", {"title": "x"})
    assert_error(r, 405, "method_not_allowed")
    assert set(r.headers["Allow"].replace(" ", "").split(",")) == {"GET", "PUT", "DELETE"}
    r = client.post("/api/blogs/popular/", {})
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == "GET"


# --- replace and delete ------------------------------------------------------------------------

def test_put_replaces_title_and_content(user):
    me, _ = user
    blog = new_blog(me, "Before", "Old content")
    r = me.put(f"/api/blogs/{blog['id']}/", {"title": "After", "content": "New content", "views": 1000, "id": 5})
    assert r.status_code == 200
    updated = r.json()
    assert set(updated) == BLOG_KEYS
    assert updated["id"] == blog["id"] and updated["title"] == "After" and updated["content"] == "New content"
    assert updated["views"] == 0 and updated["created_at"] == blog["created_at"]
    assert parse_time(updated["updated_at"]) > parse_time(blog["updated_at"])
    # PUT needs every writable field.
    assert_error(me.put(f"/api/blogs/{blog['id']}/", {"title": "Only title"}), 400, "validation_failed", fields={"content"})


def test_put_and_delete_check_in_order(client, user):
    me, _ = user
    other, _ = register()
    blog = new_blog(me)
    path = f"/api/blogs/{blog['id']}/"
    assert_error(client.put(path, {"title": "t", "content": "c"}), 401, "not_authenticated")
    assert_error(client.delete(path), 401, "not_authenticated")
    assert_error(other.put("/api/blogs/999999999/", {}), 404, "not_found")   # 404 before 400
    assert_error(other.delete("/api/blogs/999999999/"), 404, "not_found")
    assert_error(other.put(path, {}), 403, "forbidden")                      # 403 before 400
    assert_error(other.put(path, {"title": "t", "content": "c"}), 403, "forbidden")
    assert_error(other.delete(path), 403, "forbidden")
    assert me.get(path).json()["title"] == blog["title"]


def test_author_deletes_and_admin_may_change_any_blog(client, user, admin):
    me, _ = user
    boss, _ = admin
    blog = new_blog(me)
    r = boss.put(f"/api/blogs/{blog['id']}/", {"title": "Moderated", "content": "Edited by an admin"})
    assert r.status_code == 200 and r.json()["author"] == blog["author"]
    r = me.delete(f"/api/blogs/{blog['id']}/")
    assert r.status_code == 204 and r.content == b""
    assert_error(client.get(f"/api/blogs/{blog['id']}/"), 404, "not_found")
    assert_error(me.delete(f"/api/blogs/{blog['id']}/"), 404, "not_found")
    other = new_blog(me)
    assert boss.delete(f"/api/blogs/{other['id']}/").status_code == 204


def test_deleting_the_author_deletes_the_blogs(client):
    me, body = register()
    blog = new_blog(me)
    assert me.delete("/api/auth/user/", {"password": PASSWORD}).status_code == 204
    assert_error(client.get(f"/api/blogs/{blog['id']}/"), 404, "not_found")
    assert client.get(f"/api/blogs/?author={body['user']['id']}").json()["results"] == []


# --- list, filters, pages ----------------------------------------------------------------------

def test_list_is_newest_first_and_filters_by_author(client, user):
    me, body = user
    other, _ = register()
    mine = [new_blog(me, f"mine {i}")["id"] for i in range(3)]
    new_blog(other, "not mine")
    r = client.get(f"/api/blogs/?author={body['user']['id']}")
    assert r.status_code == 200
    results = r.json()["results"]
    assert [b["id"] for b in results] == mine[::-1]
    assert all(set(b) == BLOG_KEYS for b in results)
    everything = client.get("/api/blogs/?limit=100").json()["results"]
    ids = [b["id"] for b in everything]
    assert ids == sorted(ids, reverse=True)


@pytest.mark.parametrize("query,field", [
    ("author=abc", "author"), ("author=0", "author"), ("author=-3", "author"), ("author=1.5", "author"),
    ("limit=0", "limit"), ("limit=101", "limit"), ("limit=x", "limit"), ("cursor=bogus", "cursor"),
])
def test_list_bad_parameters_are_400(client, query, field):
    assert_error(client.get("/api/blogs/?" + query), 400, "validation_failed", fields={field})


def test_unknown_author_lists_nothing(client):
    r = client.get("/api/blogs/?author=999999999")
    assert r.status_code == 200 and r.json() == {"results": [], "next": None}


def test_pages_have_no_gaps_or_repeats_while_blogs_are_added(client, user):
    me, body = user
    ids = [new_blog(me, f"p{i}")["id"] for i in range(7)]
    seen, added = [], []
    r = client.get(f"/api/blogs/?author={body['user']['id']}&limit=2").json()
    while True:
        seen += [b["id"] for b in r["results"]]
        assert len(r["results"]) <= 2
        added.append(new_blog(me, "added between pages")["id"])
        if not r["next"]:
            break
        assert r["next"].startswith("/api/blogs/?") and "limit=2" in r["next"] and f"author={body['user']['id']}" in r["next"]
        r = client.get(r["next"]).json()
    assert seen == ids[::-1]
    # A fresh walk sees everything, newest first.
    assert walk(client, f"/api/blogs/?author={body['user']['id']}&limit=3") == sorted(ids + added, reverse=True)


def test_edited_cursor_is_400(client, user):
    me, body = user
    for i in range(3):
        new_blog(me, f"c{i}")
    nxt = client.get(f"/api/blogs/?author={body['user']['id']}&limit=1").json()["next"]
    cursor = nxt.split("cursor=")[1].split("&")[0]
    payload, mac = cursor.split(".")
    forged = payload[:-1] + ("A" if payload[-1] != "A" else "B") + "." + mac
    assert_error(client.get(f"/api/blogs/?author={body['user']['id']}&limit=1&cursor={forged}"), 400, "validation_failed")
    # A cursor of another list is refused too.
    assert_error(client.get(f"/api/forums/?cursor={cursor}"), 400, "validation_failed")


# --- search ------------------------------------------------------------------------------------

def test_search_matches_every_word_with_english_stemming(client, user):
    me, _ = user
    a, b = word(), word()
    both = new_blog(me, f"{a} notes", f"We were running with {b} all day.")
    only_a = new_blog(me, "Other notes", f"Nothing but {a} here.")
    hits = lambda q: [x["id"] for x in client.get("/api/blogs/?search=" + q).json()["results"]]
    assert hits(f"{a}+{b}") == [both["id"]]                  # all words must match
    assert set(hits(a)) == {both["id"], only_a["id"]}
    assert hits(f"{b}+runs") == [both["id"]]                 # English stemming: runs ~ running
    assert hits(f"{b}+swimming") == []
    assert hits(word()) == []                                # a miss
    assert hits(f"%20{a.upper()}%20") and set(hits(a.upper())) == {both["id"], only_a["id"]}


def test_search_ranks_by_relevance_then_newest(client, user):
    me, _ = user
    w = word()
    in_content = [new_blog(me, "plain title", f"body with {w} inside")["id"] for _ in range(2)]
    in_title = [new_blog(me, f"{w} in the title", f"body with {w} inside")["id"] for _ in range(2)]
    results = client.get(f"/api/blogs/?search={w}").json()["results"]
    assert [b["id"] for b in results] == in_title[::-1] + in_content[::-1]
    assert all(set(b) == BLOG_KEYS for b in results)


def test_search_pages_carry_rank_and_id(client, user):
    me, _ = user
    w = word()
    low = [new_blog(me, "plain", f"{w} once")["id"] for _ in range(3)]
    high = [new_blog(me, f"{w} headline", f"{w} twice {w}")["id"] for _ in range(3)]
    expected = high[::-1] + low[::-1]
    seen, r = [], client.get(f"/api/blogs/?search={w}&limit=2").json()
    while True:
        seen += [b["id"] for b in r["results"]]
        new_blog(me, f"{w} headline", f"{w} twice {w}")  # newer than the cursor at the same rank: not shown
        if not r["next"]:
            break
        assert f"search={w}" in r["next"]
        r = client.get(r["next"]).json()
    assert seen == expected


def test_blank_search_is_no_filter_and_long_search_is_400(client):
    assert client.get("/api/blogs/?search=%20%20").status_code == 200
    assert_error(client.get("/api/blogs/?search=" + "a" * 201), 400, "validation_failed", fields={"search"})


# --- popular -----------------------------------------------------------------------------------

def score(blog, now):
    age_hours = (now - parse_time(blog["created_at"])).total_seconds() / 3600
    return blog["views"] / (age_hours + 2) ** 1.5


def test_popular_orders_by_views_weighted_by_age(client, user):
    me, _ = user
    blogs = {name: new_blog(me, name) for name in ["three", "one", "five", "two_old", "two_new", "none_old", "none_new"]}
    for name, views in [("three", 3), ("one", 1), ("five", 5), ("two_old", 2), ("two_new", 2)]:
        for _ in range(views):
            assert client.get(f"/api/blogs/{blogs[name]['id']}/").status_code == 200
    r = client.get("/api/blogs/popular/?limit=100")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"results", "next"} and body["next"] is None
    results = body["results"]
    assert all(set(b) == BLOG_KEYS for b in results)
    position = {b["id"]: i for i, b in enumerate(results)}
    order = [position[blogs[n]["id"]] for n in ["five", "three", "two_new", "two_old", "one", "none_new", "none_old"]]
    assert order == sorted(order)  # blogs without views are included, newer first
    # The whole list follows the formula; ties go to the newer blog.
    now = datetime.now(timezone.utc)
    for a, b in zip(results, results[1:]):
        sa, sb = score(a, now), score(b, now)
        assert sa >= sb * 0.999, (a, b)
        if sa == sb == 0:
            assert a["id"] > b["id"]


def test_popular_limit(client, user):
    me, _ = user
    for i in range(12):
        new_blog(me, f"pop {i}")
    r = client.get("/api/blogs/popular/")
    assert r.status_code == 200 and len(r.json()["results"]) == 10
    assert len(client.get("/api/blogs/popular/?limit=3").json()["results"]) == 3
    assert_error(client.get("/api/blogs/popular/?limit=101"), 400, "validation_failed", fields={"limit"})
    assert_error(client.get("/api/blogs/popular/?limit=0"), 400, "validation_failed", fields={"limit"})


def test_popular_forgets_deleted_blogs(client, user):
    me, _ = user
    blog = new_blog(me)
    for _ in range(30):
        client.get(f"/api/blogs/{blog['id']}/")
    assert blog["id"] in [b["id"] for b in client.get("/api/blogs/popular/?limit=100").json()["results"]]
    me.delete(f"/api/blogs/{blog['id']}/")
    assert blog["id"] not in [b["id"] for b in client.get("/api/blogs/popular/?limit=100").json()["results"]]


def test_popular_stays_exact_with_stale_bounds_and_tightens_them(client, user):
    # A bound far above the blog's score (a blog that was popular once, then no views): the
    # ranking must still follow the formula, and reading it lowers the bound to the score.
    me, _ = user
    stale, fresh = new_blog(me, "stale"), new_blog(me, "fresh")
    for blog, views in [(stale, 1), (fresh, 3)]:
        for _ in range(views):
            client.get(f"/api/blogs/{blog['id']}/")
    sql(f"UPDATE blog_stats SET hot_bound = 1e9 WHERE blog_id = {stale['id']}")
    results = client.get("/api/blogs/popular/?limit=100").json()["results"]
    ids = [b["id"] for b in results]
    assert ids.index(fresh["id"]) < ids.index(stale["id"])
    now = datetime.now(timezone.utc)
    scores = [score(b, now) for b in results]
    assert all(a >= b * 0.999 for a, b in zip(scores, scores[1:]))
    assert float(sql(f"SELECT hot_bound FROM blog_stats WHERE blog_id = {stale['id']}")) < 1
