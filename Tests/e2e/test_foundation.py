"""The foundation over HTTP: envelope, routing, limits, request ids, health and recovery."""
import os
import signal
import subprocess

import pytest

from conftest import BASE, PG_DATA, PG_PORT, REPO, assert_error, runner_status, wait_until


def test_health_is_ok(client):
    r = client.get("/api/health/")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "database": "ok"}
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_health_without_trailing_slash_is_served_identically(client):
    assert client.get("/api/health").json() == {"status": "ok", "database": "ok"}


def test_unknown_path_is_404_envelope(client):
    assert_error(client.get("/api/nothing-here/"), 404, "not_found")
    assert_error(client.get("/"), 404, "not_found")


def test_request_nginx_cannot_parse_is_400_envelope(client):
    # nginx itself refuses a NUL in the path, before the request has a URI: still the envelope.
    assert_error(client.get("/api/forums/%00/"), 400, "validation_failed")
    assert_error(client.get("/__agora_error_400"), 404, "not_found")  # internal only


def test_non_canonical_path_ids_are_404(client):
    for raw in ["01", "+1", "0", "18446744073709551616", "abc"]:
        assert_error(client.get(f"/api/test/items/{raw}/"), 404, "not_found")
    assert client.get("/api/test/items/9223372036854775807/").json() == {"id": 9223372036854775807}


def test_wrong_method_is_405_with_allow(client):
    r = client.post("/api/health/", {})
    assert_error(r, 405, "method_not_allowed")
    assert r.headers["Allow"] == "GET"


def test_malformed_json_is_400_invalid_json(client):
    r = client.request("POST", "/api/test/echo/", data=b'{"title": ', headers={"Content-Type": "application/json"})
    assert_error(r, 400, "invalid_json")
    r = client.request("POST", "/api/test/echo/", data=b'[1, 2]', headers={"Content-Type": "application/json"})
    assert_error(r, 400, "invalid_json")


def test_field_errors_name_each_field(client):
    r = client.post("/api/test/echo/", {"title": 123, "count": "3"})
    error = assert_error(r, 400, "validation_failed", fields={"title", "count"})
    assert error["fields"]["title"]


def test_valid_json_is_accepted(client):
    r = client.post("/api/test/echo/", {"title": "héllo", "count": 3, "ignored": True})
    assert r.status_code == 201
    assert r.json() == {"title": "héllo", "count": 3}


def test_other_content_type_is_415(client):
    r = client.request("POST", "/api/test/echo/", data=b"title=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error(r, 415, "unsupported_media_type")


def test_two_mebibyte_body_is_413_envelope(client):
    body = b'{"title":"' + b"x" * (2 << 20) + b'"}'
    r = client.request("POST", "/api/test/echo/", data=body, headers={"Content-Type": "application/json"})
    assert_error(r, 413, "payload_too_large")


def test_sane_client_request_id_is_kept(client):
    r = client.get("/api/nothing/", headers={"X-Request-ID": "trace-123.a:b"})
    assert r.headers["X-Request-ID"] == "trace-123.a:b"
    assert r.json()["error"]["request_id"] == "trace-123.a:b"
    r = client.post("/api/test/echo/", {}, headers={"X-Request-ID": "trace-456"})
    assert r.headers["X-Request-ID"] == "trace-456"
    assert r.json()["error"]["request_id"] == "trace-456"


def test_insane_client_request_id_is_replaced(client):
    r = client.get("/api/health/", headers={"X-Request-ID": "bad id with spaces"})
    assert r.headers["X-Request-ID"] != "bad id with spaces"
    assert len(r.headers["X-Request-ID"]) >= 16


def test_every_response_has_one_request_id(client):
    r = client.get("/api/health/")
    assert len(r.raw.headers.getlist("X-Request-ID")) == 1


def test_invalid_token_is_401_even_on_public_route(client):
    r = client.get("/api/test/ok/", token="not-a-jwt")
    assert_error(r, 401, "token_invalid")
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


def test_security_headers_on_errors_from_nginx(client):
    r = client.get("/nope")
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"


def _pg_ctl(action):
    pgdata = open(os.path.join(PG_DATA, "pg-location")).read().strip() + "/pgdata"
    subprocess.run(["runuser", "-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_ctl", "-D", pgdata,
                    "-w", "-m", "fast", action] + (["-l", pgdata + "/../log/postgres.log"] if action == "start" else []),
                   check=True, capture_output=True, cwd="/")


def test_database_down_is_503_then_recovers(client):
    assert client.get("/api/health/").status_code == 200
    _pg_ctl("stop")
    try:
        r = client.get("/api/health/")
        assert_error(r, 503, "service_unavailable")
        assert int(r.headers["Retry-After"]) >= 1
        # The worker survived: a second request is answered the same way, not with a 502.
        assert_error(client.get("/api/health/"), 503, "service_unavailable")
    finally:
        _pg_ctl("start")
    wait_until(lambda: client.get("/api/health/").status_code == 200, timeout=15)


def test_kill_9_of_a_worker_keeps_answering(client):
    pids = [w["pid"] for w in runner_status()["functions"]["health"]["workers"]]
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    ok = sum(client.get("/api/health/").status_code == 200 for _ in range(20))
    assert ok >= 19
    wait_until(lambda: client.get("/api/health/").status_code == 200)
    new_pids = {w["pid"] for w in runner_status()["functions"]["health"]["workers"]}
    assert new_pids and not (new_pids & set(pids))


def test_head_is_answered_where_get_is(client):
    r = client.request("HEAD", "/api/health/")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    assert r.content == b""
    assert_error(client.request("POST", "/api/health/", data=b"{}", headers={"Content-Type": "application/json"}),
                 405, "method_not_allowed")
