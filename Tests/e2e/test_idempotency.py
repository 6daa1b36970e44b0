"""Idempotent retries over HTTP: `Idempotency-Key` on the creating POSTs of several functions
(blogs, forum threads, chat messages, course enrolments, anonymous registration), through nginx.
The pipeline and its rules are tested in-process (Tests/AgoraBlogsTests/IdempotencyTests.swift);
this checks they hold end to end, and the OpenAPI document that states them."""
import os
import subprocess
import time
import uuid

import pytest
import requests

from conftest import BASE, Client, assert_error, register, unique
from realtime import SSE
from test_chats import chat
from test_chats_stream import subscribe
from test_courses import new_course
from test_openapi import operations


def key():
    return str(uuid.uuid4())


def keyed(k):
    return {"Idempotency-Key": k}


def assert_replay(first, again):
    assert first.status_code in (200, 201), first.text
    assert "Idempotent-Replayed" not in first.headers
    assert again.status_code == first.status_code, again.text
    assert again.content == first.content
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.headers["X-Request-ID"]


def blogs_of(user_id):
    r = Client().get(f"/api/blogs/?author={user_id}&limit=100")
    assert r.status_code == 200, r.text
    return r.json()["results"]


# --- blogs -----------------------------------------------------------------------------------------

def test_blog_repeat_replays_and_creates_once(user):
    me, body = user
    k = key()
    first = me.post("/api/blogs/", {"title": "Once", "content": "C"}, headers=keyed(k))
    again = me.post("/api/blogs/", {"title": "Once", "content": "C"}, headers=keyed(k))
    assert_replay(first, again)
    # Without the trailing slash it is the same path.
    assert_replay(first, me.post("/api/blogs", {"title": "Once", "content": "C"}, headers=keyed(k)))
    assert [b["id"] for b in blogs_of(body["user"]["id"])] == [first.json()["id"]]


def test_blog_key_reused_on_another_body_is_422(user):
    me, body = user
    k = key()
    assert me.post("/api/blogs/", {"title": "One", "content": "C"}, headers=keyed(k)).status_code == 201
    assert_error(me.post("/api/blogs/", {"title": "Two", "content": "C"}, headers=keyed(k)), 422, "idempotency_key_reused")
    assert len(blogs_of(body["user"]["id"])) == 1


def test_keys_are_per_caller():
    (alice, a), (bob, b) = register(), register()
    k = key()
    mine = alice.post("/api/blogs/", {"title": "Same", "content": "C"}, headers=keyed(k))
    theirs = bob.post("/api/blogs/", {"title": "Same", "content": "C"}, headers=keyed(k))
    assert mine.status_code == theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs.headers
    assert theirs.json()["author"]["id"] == b["user"]["id"] != a["user"]["id"]


@pytest.mark.parametrize("value", [b"", b"k" * 256, b"two words", b"caf\xc3\xa9", b"\x01x"])
def test_malformed_keys_are_400(user, value):
    me, body = user
    r = me.post("/api/blogs/", {"title": "No", "content": "C"}, headers={"Idempotency-Key": value})
    assert_error(r, 400, "validation_failed")
    assert blogs_of(body["user"]["id"]) == []


def test_without_the_header_nothing_changes(user):
    me, body = user
    for _ in range(2):
        r = me.post("/api/blogs/", {"title": "Twice", "content": "C"})
        assert r.status_code == 201 and "Idempotent-Replayed" not in r.headers
    assert len(blogs_of(body["user"]["id"])) == 2


def test_a_repeat_while_the_first_runs_is_409(user):
    """Another session holds the (caller, key) lock for 3 s, as a first request still running does."""
    me, body = user
    k = key()
    lock = "user:%d %s" % (body["user"]["id"], k)
    holder = subprocess.Popen(["psql", os.environ.get("DATABASE_URL", ""), "-qtA", "-v", "ON_ERROR_STOP=1", "-c",
                               "BEGIN; SELECT pg_advisory_xact_lock(hashtextextended('%s', 0)); "
                               "SELECT pg_sleep(3); COMMIT;" % lock],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        time.sleep(1.0)
        assert holder.poll() is None, holder.stderr.read()
        assert_error(me.post("/api/blogs/", {"title": "Busy", "content": "C"}, headers=keyed(k)),
                     409, "idempotency_in_progress")
    finally:
        holder.wait(timeout=10)
    assert blogs_of(body["user"]["id"]) == []
    assert me.post("/api/blogs/", {"title": "Busy", "content": "C"}, headers=keyed(k)).status_code == 201


# --- other functions -------------------------------------------------------------------------------

def test_forum_thread_replay_and_another_forum_is_422(admin, user):
    boss, _ = admin
    me, _ = user
    forums = [boss.post("/api/forums/", {"title": unique("F")}).json()["id"] for _ in range(2)]
    k = key()
    body = {"title": "Kept thread", "content": "Text"}
    first = me.post(f"/api/forums/{forums[0]}/threads/", body, headers=keyed(k))
    assert_replay(first, me.post(f"/api/forums/{forums[0]}/threads/", body, headers=keyed(k)))
    assert_error(me.post(f"/api/forums/{forums[1]}/threads/", body, headers=keyed(k)), 422, "idempotency_key_reused")
    threads = me.get(f"/api/forums/{forums[0]}/threads/").json()["results"]
    assert [t["id"] for t in threads] == [first.json()["id"]]
    assert me.get(f"/api/forums/{forums[1]}/threads/").json()["results"] == []


def test_chat_message_replay_publishes_once():
    alice, bob = register(), register()
    c = chat(alice, bob)
    stream = subscribe(SSE, bob, c["id"])
    try:
        k = key()
        first = alice[0].post(f"/api/chats/{c['id']}/messages/", {"content": "just once"}, headers=keyed(k))
        assert first.status_code == 201, first.text
        event = stream.next(timeout=2.0)
        assert event is not None and event["event"] == "message.created"
        assert event["data"]["data"]["id"] == first.json()["id"]
        again = alice[0].post(f"/api/chats/{c['id']}/messages/", {"content": "just once"}, headers=keyed(k))
        assert_replay(first, again)
        assert stream.next(timeout=1.0) is None, "a replay published again"
    finally:
        stream.close()
    messages = alice[0].get(f"/api/chats/{c['id']}/messages/").json()["results"]
    assert [m["id"] for m in messages] == [first.json()["id"]]


def test_course_enrolment_replays_its_201(user):
    teacher = register()
    course = new_course(teacher[0])
    student, _ = user
    path = f"/api/courses/{course['id']}/enroll/"
    k = key()
    first = student.post(path, headers=keyed(k))
    assert first.status_code == 201, first.text
    assert_replay(first, student.post(path, headers=keyed(k)))
    # A new request (no key, or another key) is the ordinary "already enrolled" 200.
    assert student.post(path).status_code == 200
    assert student.post(path, headers=keyed(key())).status_code == 200
    assert Client().get(f"/api/courses/{course['id']}/").json()["enrollments_count"] == 1


def test_anonymous_registration_replays_by_client_address():
    name = unique("idem")
    body = {"username": name, "email": name + "@example.com", "password": "correct horse battery"}
    k = key()
    first = Client().post("/api/auth/register/", body, headers=keyed(k))
    assert first.status_code == 201, first.text
    assert_replay(first, Client().post("/api/auth/register/", body, headers=keyed(k)))
    other = dict(body, username=name + "x", email=name + "x@example.com")
    assert_error(Client().post("/api/auth/register/", other, headers=keyed(k)), 422, "idempotency_key_reused")
    # Without the key the same body is the ordinary 409: the account exists once.
    assert_error(Client().post("/api/auth/register/", body), 409, "conflict")
    token = first.json()["access"]
    assert Client(token=token).get("/api/auth/user/").json()["username"] == name


def test_cors_preflight_allows_the_header():
    r = requests.options(BASE + "/api/blogs/", headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "idempotency-key"}, timeout=10)
    assert r.status_code == 204
    assert "Idempotency-Key" in r.headers.get("Access-Control-Allow-Headers", "")


# --- the document ----------------------------------------------------------------------------------

def test_every_creating_post_documents_the_key(document):
    creating = 0
    for method, path, operation in operations(document):
        label = f"{method} {path}"
        refs = [p.get("$ref") for p in operation.get("parameters", [])]
        if method == "POST" and "201" in operation["responses"]:
            creating += 1
            assert "#/components/parameters/Idempotency-Key" in refs, label
            assert {"400", "409", "422"} <= set(operation["responses"]), label
            assert "idempotency_in_progress" in operation["responses"]["409"]["description"], label
            for status, response in operation["responses"].items():
                if status.startswith("2"):
                    assert "Idempotent-Replayed" in response["headers"], (label, status)
        else:
            assert "#/components/parameters/Idempotency-Key" not in refs, label
    assert creating >= 19
    parameter = document["components"]["parameters"]["Idempotency-Key"]
    assert parameter["in"] == "header" and parameter["required"] is False
    assert parameter["schema"] == {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}
    assert "Idempotent retries" in document["info"]["description"]


@pytest.fixture(scope="module")
def document():
    from test_openapi import MANIFEST, TEST_ONLY, document_for
    return document_for(MANIFEST, [TEST_ONLY])
