"""Real-time delivery over HTTP through nginx (nchan): Server-Sent Events and WebSocket on the
same URL, authorised by the chats function; events only after COMMIT; resume with
Last-Event-ID; a deleted chat closes its streams."""
import os
import time

import pytest

from conftest import BASE, Client, assert_error, psql, register
from realtime import SSE, WebSocket
from test_auth import forge
from test_chats import chat, send


def token(member, chat_id):
    r = member[0].post(f"/api/chats/{chat_id}/stream-token/")
    assert r.status_code == 200, r.text
    return r.json()["token"]


def subscribe(kind, member, chat_id, headers=None):
    stream = kind(BASE, f"/api/chats/{chat_id}/stream/?token={token(member, chat_id)}", headers)
    assert stream.accepted(), (stream.status, stream.body)
    assert stream.ready.wait(2)
    return stream


@pytest.fixture
def pair():
    alice, bob = register(), register()
    return alice, bob, chat(alice, bob)


@pytest.mark.parametrize("kind", [SSE, WebSocket])
def test_participant_receives_message_created_within_a_second(kind, pair):
    alice, bob, c = pair
    stream = subscribe(kind, bob, c["id"])
    try:
        message = send(alice, c["id"], "live")
        answered = time.monotonic()
        event = stream.next(timeout=1.0)
        assert event is not None, "no event within 1 s of the 201"
        assert event["at"] - answered < 1.0
        assert event["event"] == "message.created"
        assert event["data"]["event"] == "message.created"
        expected = dict(message)
        del expected["my_reactions"]
        assert event["data"]["data"] == expected
        if kind is SSE:
            assert event["id"]
    finally:
        stream.close()


@pytest.mark.parametrize("kind", [SSE, WebSocket])
def test_reactions_and_deletes_are_streamed_in_order(kind, pair):
    alice, bob, c = pair
    m = send(alice, c["id"], "react to me")
    stream = subscribe(kind, alice, c["id"])
    try:
        react = f"/api/chats/{c['id']}/messages/{m['id']}/react/"
        bob[0].post(react, {"emoji": "🎉"})
        bob[0].post(react, {"emoji": "🎉"})  # idempotent: no second event
        alice[0].delete(f"/api/chats/{c['id']}/messages/{m['id']}/")
        first, second = stream.next(), stream.next()
        assert first["event"] == "reaction.updated" and first["data"]["data"]["reactions"] == {"🎉": 1}
        assert "my_reactions" not in first["data"]["data"]
        assert second["event"] == "message.deleted" and second["data"]["data"]["id"] == m["id"]
        assert stream.next(timeout=0.5) is None
    finally:
        stream.close()


def test_stream_refusals_are_envelopes(pair):
    alice, bob, c = pair
    eve = register()
    path = f"/api/chats/{c['id']}/stream/"
    for kind in (SSE, WebSocket):
        refused = kind(BASE, path)
        assert (refused.status, refused.json()["error"]["code"]) == (401, "not_authenticated")
        refused = kind(BASE, path + "?token=not-a-token")
        assert (refused.status, refused.json()["error"]["code"]) == (401, "token_invalid")
    # A token for another chat.
    other = chat(eve, alice)
    refused = SSE(BASE, path + "?token=" + token(alice, other["id"]))
    assert (refused.status, refused.json()["error"]["code"]) == (401, "token_invalid")
    # An expired stream token, and an access token, are no stream tokens.
    now = int(time.time())
    expired = forge({"sub": str(bob[1]["user"]["id"]), "typ": "stream", "chat": c["id"], "sid": "x", "jti": "j",
                     "iat": now - 120, "exp": now - 60, "iss": "agora"})
    refused = SSE(BASE, path + "?token=" + expired)
    assert (refused.status, refused.json()["error"]["code"]) == (401, "token_expired")
    refused = SSE(BASE, path + "?token=" + bob[1]["access"])
    assert refused.status == 401
    # A user who no longer takes part: 403.
    bobs = token(bob, c["id"])
    psql("DELETE FROM chat_participants WHERE chat_id = %d AND user_id = %d" % (c["id"], bob[1]["user"]["id"]))
    for kind in (SSE, WebSocket):
        refused = kind(BASE, path + "?token=" + bobs)
        assert (refused.status, refused.json()["error"]["code"]) == (403, "forbidden")
        assert refused.headers["x-request-id"] == refused.json()["error"]["request_id"]
    # Neither SSE nor WebSocket: 400; another method: 405.
    assert_error(Client().get(path + "?token=" + token(alice, c["id"])), 400, "validation_failed")
    r = Client().post(path)
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == "GET"


def test_reconnect_with_last_event_id_gets_what_it_missed(pair):
    alice, bob, c = pair
    stream = subscribe(SSE, bob, c["id"])
    send(alice, c["id"], "one")
    first = stream.next()
    stream.close()
    missed = [send(alice, c["id"], text)["id"] for text in ("two", "three")]
    again = subscribe(SSE, bob, c["id"], headers={"Last-Event-ID": first["id"]})
    try:
        got = [again.next(), again.next()]
        assert [e["data"]["data"]["id"] for e in got if e] == missed
    finally:
        again.close()
    # And ?after= catches up over REST.
    after = bob[0].get(f"/api/chats/{c['id']}/messages/?after={first['data']['data']['id']}").json()
    assert [m["id"] for m in after["results"]] == missed


def test_no_event_for_a_transaction_that_rolled_back(pair):
    alice, bob, _ = pair
    c = chat(alice, bob, title="rollback-%d" % os.getpid())
    psql(owner=True, sql="""CREATE OR REPLACE FUNCTION agora_test_fail() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN RAISE EXCEPTION 'rolled back on purpose'; END $$""")
    psql("CREATE TRIGGER agora_test_fail_%d BEFORE UPDATE ON chats FOR EACH ROW WHEN (NEW.id = %d) "
         "EXECUTE FUNCTION agora_test_fail()" % (c["id"], c["id"]), owner=True)
    stream = subscribe(SSE, bob, c["id"])
    try:
        r = alice[0].post(f"/api/chats/{c['id']}/messages/", {"content": "never committed"})
        assert_error(r, 500, "internal_error")
        assert stream.next(timeout=1.5) is None
        assert bob[0].get(f"/api/chats/{c['id']}/messages/").json()["results"] == []
    finally:
        stream.close()
        psql("DROP TRIGGER agora_test_fail_%d ON chats" % c["id"], owner=True)


@pytest.mark.parametrize("kind", [SSE, WebSocket])
def test_deleting_the_chat_closes_its_streams(kind, pair):
    alice, bob, c = pair
    stream = subscribe(kind, bob, c["id"])
    assert alice[0].delete(f"/api/chats/{c['id']}/").status_code == 204
    assert stream.closed.wait(2), "the stream stayed open"


def test_what_nchan_would_refuse_in_plain_text_is_an_envelope(pair):
    alice, _, c = pair
    path = f"/api/chats/{c['id']}/stream/?token="
    for headers, field in [({"Last-Event-ID": "-1:-1"}, "Last-Event-ID"), ({"Last-Event-ID": "0:0,1:2,3:4"}, "Last-Event-ID")]:
        refused = SSE(BASE, path + token(alice, c["id"]), headers)
        assert refused.status == 400 and refused.json()["error"]["fields"] == {field: refused.json()["error"]["fields"][field]}
    refused = SSE(BASE, f"/api/chats/{c['id']}/stream/", {"Last-Event-ID": "-1:-1"})
    assert refused.status == 401, "the token is checked first"
    refused = WebSocket(BASE, path + token(alice, c["id"]), {"Sec-WebSocket-Version": "8"})
    assert refused.status == 400 and "Sec-WebSocket-Version" in refused.json()["error"]["fields"]
    # An Upgrade without Connection: upgrade is no WebSocket request.
    r = Client().get(path + token(alice, c["id"]), headers={"Upgrade": "websocket"})
    assert_error(r, 400, "validation_failed")


@pytest.mark.parametrize("end", ["logout", "password", "delete"])
def test_ending_the_session_closes_its_streams(end, pair):
    alice, _, c = pair
    # A second login of bob: its session ends; streams of other sessions stay.
    bob_name = pair[1][1]["user"]["username"]
    second = Client().post("/api/auth/login/", {"username": bob_name, "password": "correct horse battery"}).json()
    ending = Client(token=second["access"])
    stream = SSE(BASE, f"/api/chats/{c['id']}/stream/?token=" + token((ending, second), c["id"]))
    other = subscribe(SSE, pair[1], c["id"])
    assert stream.ready.wait(2)
    try:
        if end == "logout":
            assert ending.post("/api/auth/logout/", {"refresh": second["refresh"]}).status_code == 204
        elif end == "password":
            r = pair[1][0].put("/api/auth/user/", {"username": bob_name, "email": pair[1][1]["user"]["email"],
                                                   "current_password": "correct horse battery",
                                                   "password": "another horse battery"})
            assert r.status_code == 200, r.text
        else:
            r = ending.delete("/api/auth/user/", {"password": "correct horse battery"})
            assert r.status_code == 204, r.text
        assert stream.closed.wait(2), "the ended session's stream stayed open"
        if end != "delete":
            send(alice, c["id"], "still there")
            assert other.next()["event"] == "message.created", "the other session's stream stays"
    finally:
        stream.close()
        other.close()


def test_deleting_the_creators_account_closes_the_chats_streams():
    alice, bob = register(), register()
    c = chat(alice, bob)
    stream = subscribe(SSE, bob, c["id"])
    try:
        assert alice[0].delete("/api/auth/user/", {"password": "correct horse battery"}).status_code == 204
        assert stream.closed.wait(2)
    finally:
        stream.close()
