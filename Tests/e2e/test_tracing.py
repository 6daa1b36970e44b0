"""W3C Trace Context over HTTP: the worker continues a valid `traceparent` (or starts a trace),
answers with its own span, logs the trace id, and a traced request's statements show the trace
id as their session's `application_name` in pg_stat_activity."""
import os
import re
import secrets
import threading
import time

from conftest import BASE, RUN_DIR, Client, psql, register, wait_until

TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")


def new_ids():
    return secrets.token_hex(16), secrets.token_hex(8)


def span(response):
    """(trace id, parent id, flags) of the response's `traceparent`, which must be well formed."""
    header = response.headers.get("traceparent", "")
    match = TRACEPARENT.match(header)
    assert match, (response.status_code, header)
    trace_id, parent_id, flags = match.groups()
    assert trace_id != "0" * 32 and parent_id != "0" * 16
    return trace_id, parent_id, flags


def test_traced_request_continues_the_trace_with_a_new_span(client):
    trace_id, parent_id = new_ids()
    r = client.get("/api/health/", headers={"traceparent": f"00-{trace_id}-{parent_id}-01"})
    assert r.status_code == 200
    got_trace, got_parent, flags = span(r)
    assert got_trace == trace_id
    assert got_parent != parent_id
    assert flags == "01"
    assert r.headers["X-Request-ID"]


def test_untraced_request_starts_a_trace(client):
    first, second = client.get("/api/blogs/"), client.get("/api/blogs/")
    assert first.status_code == second.status_code == 200
    assert span(first)[0] != span(second)[0]


def test_malformed_traceparent_starts_a_new_trace_and_is_no_error(client):
    trace_id, parent_id = new_ids()
    for header in (f"00-{trace_id.upper()}-{parent_id}-01", f"00-{'0' * 32}-{parent_id}-01",
                   f"ff-{trace_id}-{parent_id}-01", f"00-{trace_id}-{parent_id}", "nonsense"):
        r = client.get("/api/blogs/", headers={"traceparent": header})
        assert r.status_code == 200, (header, r.text)
        assert span(r)[0] != trace_id, header


def test_error_envelopes_carry_traceparent(client):
    trace_id, parent_id = new_ids()
    r = client.get("/api/blogs/999999999999/", headers={"traceparent": f"00-{trace_id}-{parent_id}-01"})
    assert r.status_code == 404
    assert span(r)[0] == trace_id
    r = client.post("/api/blogs/", {"title": "t", "content": "c"}, headers={"traceparent": f"00-{trace_id}-{parent_id}-01"})
    assert r.status_code == 401
    assert span(r)[0] == trace_id


def test_trace_id_is_in_the_workers_log_line(client):
    log = os.path.join(RUN_DIR, "runner.log")
    start = os.path.getsize(log)
    trace_id, parent_id = new_ids()
    assert client.get("/api/blogs/", headers={"traceparent": f"00-{trace_id}-{parent_id}-01"}).status_code == 200

    def logged():
        with open(log, "rb") as f:
            f.seek(start)
            return [line for line in f.read().decode("utf-8", "replace").splitlines() if trace_id in line]

    lines = wait_until(logged, timeout=5)
    assert any('"trace_id":"%s"' % trace_id in line and '"msg":"request"' in line for line in lines), lines


def test_slow_statement_of_a_traced_request_shows_its_trace_in_pg_stat_activity():
    me, _ = register()
    r = me.post("/api/blogs/", {"title": "traced", "content": "c"})
    assert r.status_code == 201, r.text
    blog = r.json()["id"]
    trace_id, parent_id = new_ids()
    marker = "trace-lock-%s" % trace_id[:12]

    # Another session holds the blog's stats row: the traced GET's view UPDATE waits on it.
    holder = threading.Thread(target=psql, args=(
        "BEGIN; SELECT blog_id FROM blog_stats WHERE blog_id = %d FOR UPDATE; SELECT pg_sleep(3) AS \"%s\"; COMMIT;"
        % (blog, marker),))
    holder.start()
    wait_until(lambda: psql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%%AS \"%s\"%%' "
                            "AND pid <> pg_backend_pid()" % marker) == "1")
    answers = []
    request = threading.Thread(target=lambda: answers.append(
        Client().get(f"/api/blogs/{blog}/", headers={"traceparent": f"00-{trace_id}-{parent_id}-01"})))
    started = time.monotonic()
    request.start()
    waiting = wait_until(lambda: psql(
        "SELECT application_name || ' ' || coalesce(wait_event_type, '') FROM pg_stat_activity "
        "WHERE application_name LIKE '%%%s%%'" % trace_id), timeout=5)
    request.join(15)
    holder.join(15)
    assert waiting == "agora-blogs %s Lock" % trace_id
    assert answers and answers[0].status_code == 200, answers
    assert span(answers[0])[0] == trace_id
    assert time.monotonic() - started > 1  # it did wait for the lock

    # Untraced requests give each session its own name back, as soon as its worker is used
    # again (the traced worker too: nginx spreads requests over the pool's workers).
    def restored():
        Client().get(f"/api/blogs/{blog}/")
        return psql("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE '%%%s%%'" % trace_id) == "0"

    wait_until(restored, timeout=20, interval=0.01)
    names = psql("SELECT DISTINCT application_name FROM pg_stat_activity WHERE application_name LIKE 'agora-blogs%'")
    assert "agora-blogs" in names.splitlines(), names
