"""Chats, messages and reactions over HTTP through nginx: every route, its errors and its rules."""
from urllib.parse import quote

import pytest

from conftest import Client, assert_error, register


def chat(creator, *others, title=None):
    body = {"participants": [o[1]["user"]["id"] for o in others]}
    if title is not None:
        body["title"] = title
    r = creator[0].post("/api/chats/", body)
    assert r.status_code == 201, r.text
    return r.json()


def send(member, chat_id, content="hello"):
    r = member[0].post(f"/api/chats/{chat_id}/messages/", {"content": content})
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture
def trio():
    return register(), register(), register()


def ids(response):
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["results"]]


def test_create_adds_the_caller_and_deduplicates(trio):
    alice, bob, _ = trio
    r = alice[0].post("/api/chats/", {"participants": [bob[1]["user"]["id"]] * 3 + [alice[1]["user"]["id"]],
                                      "title": " Plans "})
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == {"id", "title", "participants", "created_by", "created_at", "last_message_at", "archived"}
    assert body["title"] == "Plans"
    assert sorted(p["id"] for p in body["participants"]) == sorted([alice[1]["user"]["id"], bob[1]["user"]["id"]])
    assert body["created_by"] == {"id": alice[1]["user"]["id"], "username": alice[1]["user"]["username"]}
    assert body["last_message_at"] is None and body["archived"] is False
    assert alice[0].get(f"/api/chats/{body['id']}/").json() == body
    assert bob[0].get(f"/api/chats/{body['id']}/").json()["id"] == body["id"]


def test_create_errors(trio):
    alice, _, _ = trio
    assert_error(Client().post("/api/chats/", {"participants": [1]}), 401, "not_authenticated")
    assert_error(alice[0].post("/api/chats/", {"participants": [alice[1]["user"]["id"]]}), 400, "validation_failed",
                 ["participants"])
    assert_error(alice[0].post("/api/chats/", {"participants": [9223372036854775807]}), 400, "validation_failed",
                 ["participants"])
    assert_error(alice[0].post("/api/chats/", {"participants": "x", "title": 5}), 400, "validation_failed",
                 ["participants", "title"])
    assert_error(alice[0].post("/api/chats/", {"participants": list(range(1, 502))}), 400, "validation_failed")
    others = [register()[1]["user"]["id"] for _ in range(50)]
    assert_error(alice[0].post("/api/chats/", {"participants": others}), 400, "validation_failed", ["participants"])
    r = alice[0].post("/api/chats/", {"participants": others[:49] + others[:49]})  # duplicates are removed first
    assert r.status_code == 201 and len(r.json()["participants"]) == 50
    assert_error(alice[0].post("/api/chats/", data="nope", headers={"Content-Type": "application/json"}),
                 400, "invalid_json")


def test_non_participants_get_404_for_everything(trio):
    alice, bob, eve = trio
    c = chat(alice, bob)
    m = send(bob, c["id"])
    base = f"/api/chats/{c['id']}"
    for method, path, body in [
        ("GET", "/", None), ("DELETE", "/", None), ("POST", "/archive/", None), ("DELETE", "/archive/", None),
        ("POST", "/stream-token/", None), ("GET", "/messages/", None), ("POST", "/messages/", {"content": "x"}),
        ("POST", "/messages/", {"content": ""}), ("GET", f"/messages/{m['id']}/", None),
        ("DELETE", f"/messages/{m['id']}/", None), ("POST", f"/messages/{m['id']}/react/", {"emoji": "👍"}),
        ("DELETE", f"/messages/{m['id']}/react/?emoji=%F0%9F%91%8D", None),
    ]:
        assert_error(eve[0].request(method, base + path, json_body=body), 404, "not_found")
    assert eve[0].get("/api/chats/").json()["results"] == []
    # Anonymous: 401 first.
    assert_error(Client().get(base + "/"), 401, "not_authenticated")
    assert_error(Client().get(base + "/messages/"), 401, "not_authenticated")
    assert_error(alice[0].get("/api/chats/999999999/"), 404, "not_found")


def test_list_is_ordered_by_activity_and_archive_is_per_user(trio):
    alice, bob, _ = trio
    first, second = chat(alice, bob), chat(alice, bob)
    assert ids(alice[0].get("/api/chats/"))[:2] == [second["id"], first["id"]]
    send(bob, first["id"], "bump")
    assert ids(alice[0].get("/api/chats/"))[:2] == [first["id"], second["id"]]
    r = alice[0].post(f"/api/chats/{first['id']}/archive/")
    assert r.status_code == 200 and r.json()["archived"] is True
    assert first["id"] in ids(alice[0].get("/api/chats/?archived=true"))
    assert first["id"] not in ids(alice[0].get("/api/chats/?archived=false"))
    assert first["id"] in ids(alice[0].get("/api/chats/"))
    assert bob[0].get(f"/api/chats/{first['id']}/").json()["archived"] is False
    send(bob, first["id"], "does not unarchive")
    assert alice[0].get(f"/api/chats/{first['id']}/").json()["archived"] is True
    r = alice[0].delete(f"/api/chats/{first['id']}/archive/")
    assert r.status_code == 200 and r.json()["archived"] is False
    assert_error(alice[0].get("/api/chats/?archived=yes"), 400, "validation_failed", ["archived"])


def test_messages_newest_first_and_after_catches_up(trio):
    alice, bob, _ = trio
    c = chat(alice, bob)
    made = [send(alice if i % 2 else bob, c["id"], f"m{i}")["id"] for i in range(5)]
    assert ids(bob[0].get(f"/api/chats/{c['id']}/messages/")) == made[::-1]
    assert ids(bob[0].get(f"/api/chats/{c['id']}/messages/?after={made[1]}")) == made[2:]
    page = bob[0].get(f"/api/chats/{c['id']}/messages/?after={made[0]}&limit=2").json()
    assert [m["id"] for m in page["results"]] == made[1:3]
    assert [m["id"] for m in bob[0].get(page["next"]).json()["results"]] == made[3:5]
    assert_error(bob[0].get(f"/api/chats/{c['id']}/messages/?after=abc"), 400, "validation_failed", ["after"])
    chat_now = alice[0].get(f"/api/chats/{c['id']}/").json()
    newest = bob[0].get(f"/api/chats/{c['id']}/messages/{made[-1]}/").json()
    assert chat_now["last_message_at"] == newest["created_at"]
    assert set(newest) == {"id", "chat_id", "sender", "content", "created_at", "reactions", "my_reactions"}


def test_message_content_rules_and_delete_permissions(trio, admin):
    alice, bob, _ = trio
    c = chat(alice, bob)
    path = f"/api/chats/{c['id']}/messages/"
    assert_error(alice[0].post(path, {"content": ""}), 400, "validation_failed", ["content"])
    assert_error(alice[0].post(path, {"content": "x" * 4001}), 400, "validation_failed", ["content"])
    assert_error(alice[0].post(path, {"content": 5}), 400, "validation_failed", ["content"])
    assert_error(alice[0].post(path, {"content": "a\u0000b"}), 400, "validation_failed", ["content"])
    assert send(alice, c["id"], "é" * 4000)["content"] == "é" * 4000
    m = send(alice, c["id"], "mine")
    assert_error(bob[0].delete(path + f"{m['id']}/"), 403, "forbidden")
    assert alice[0].delete(path + f"{m['id']}/").status_code == 204
    assert_error(alice[0].get(path + f"{m['id']}/"), 404, "not_found")
    other = send(bob, c["id"], "moderated")
    assert_error(admin[0].get(path + f"{other['id']}/"), 404, "not_found")  # reading stays with participants
    assert admin[0].delete(path + f"{other['id']}/").status_code == 204
    assert_error(admin[0].delete(path + f"{other['id']}/"), 404, "not_found")
    # A message of another chat under this chat's path is 404.
    c2 = chat(alice, bob)
    m2 = send(alice, c2["id"])
    assert_error(alice[0].get(path + f"{m2['id']}/"), 404, "not_found")


def test_delete_chat_creator_or_admin(trio, admin):
    alice, bob, _ = trio
    c = chat(alice, bob)
    send(bob, c["id"])
    assert_error(bob[0].delete(f"/api/chats/{c['id']}/"), 403, "forbidden")
    assert alice[0].delete(f"/api/chats/{c['id']}/").status_code == 204
    assert_error(bob[0].get(f"/api/chats/{c['id']}/"), 404, "not_found")
    assert_error(bob[0].get(f"/api/chats/{c['id']}/messages/"), 404, "not_found")
    c2 = chat(alice, bob)
    assert_error(admin[0].get(f"/api/chats/{c2['id']}/"), 404, "not_found")
    assert admin[0].delete(f"/api/chats/{c2['id']}/").status_code == 204


EMOJIS_OK = ["👍", "❤️", "🇯🇵", "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", "👍🏿", "👨‍👩‍👧‍👦",
             "1️⃣", "#️⃣", "🧑🏽‍🚀"]
EMOJIS_BAD = ["a", "1", "#", "ab", "👍👍", "👍 ", "❤", "é", "\u0301", "🇺", ""]


def test_emoji_rules(trio):
    alice, bob, _ = trio
    c = chat(alice, bob)
    m = send(alice, c["id"])
    react = f"/api/chats/{c['id']}/messages/{m['id']}/react/"
    for emoji in EMOJIS_OK:
        r = bob[0].post(react, {"emoji": emoji})
        assert r.status_code == 200, (emoji, r.text)
        assert r.json()["reactions"][emoji] == 1
    for emoji in EMOJIS_BAD:
        assert_error(bob[0].post(react, {"emoji": emoji}), 400, "validation_failed", ["emoji"])
    assert_error(bob[0].post(react, {}), 400, "validation_failed", ["emoji"])
    assert_error(bob[0].delete(react + "?emoji=a"), 400, "validation_failed", ["emoji"])
    assert_error(bob[0].delete(react), 400, "validation_failed", ["emoji"])


def test_reactions_are_idempotent_and_counted_without_my_reactions_leaking(trio):
    alice, bob, carol = trio
    c = chat(alice, bob, carol)
    m = send(alice, c["id"])
    react = f"/api/chats/{c['id']}/messages/{m['id']}/react/"
    assert alice[0].post(react, {"emoji": "👍"}).json()["reactions"] == {"👍": 1}
    again = alice[0].post(react, {"emoji": "👍"}).json()
    assert again["reactions"] == {"👍": 1} and again["my_reactions"] == ["👍"]
    by_bob = bob[0].post(react, {"emoji": "👍"}).json()
    assert by_bob["reactions"] == {"👍": 2} and by_bob["my_reactions"] == ["👍"]
    carol[0].post(react, {"emoji": "🎉"})
    listed = carol[0].get(f"/api/chats/{c['id']}/messages/").json()["results"][0]
    assert listed["reactions"] == {"👍": 2, "🎉": 1} and listed["my_reactions"] == ["🎉"]
    removed = alice[0].delete(react + "?emoji=" + quote("👍"))
    assert removed.status_code == 200
    assert removed.json()["reactions"] == {"👍": 1, "🎉": 1} and removed.json()["my_reactions"] == []
    twice = alice[0].delete(react + "?emoji=" + quote("👍"))
    assert twice.status_code == 200 and twice.json()["reactions"] == {"👍": 1, "🎉": 1}
    bob[0].delete(react + "?emoji=" + quote("👍"))
    assert carol[0].get(f"/api/chats/{c['id']}/messages/{m['id']}/").json()["reactions"] == {"🎉": 1}


def test_stream_token(trio):
    alice, bob, _ = trio
    c = chat(alice, bob)
    r = bob[0].post(f"/api/chats/{c['id']}/stream-token/")
    assert r.status_code == 200, r.text
    assert r.json()["expires_in"] == 60 and r.json()["token"].count(".") == 2
    assert_error(Client().post(f"/api/chats/{c['id']}/stream-token/"), 401, "not_authenticated")
