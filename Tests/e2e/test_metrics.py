"""/metrics: the runner's Prometheus text through nginx, for allowed addresses only; counters
that survive a worker's kill -9 and a reload; and a real Prometheus server scraping the stack."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse

import pytest
import requests

from conftest import BASE, RUN_DIR, assert_error, register, runner_status, wait_until

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse(text):
    """{(name, frozenset(labels)): value} from the text format; every line is checked."""
    samples, types = {}, {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            types[name] = kind
            continue
        if not line or line.startswith("#"):
            continue
        match = SAMPLE.match(line)
        assert match, line
        name, labels, value = match.groups()
        key = (name, frozenset(LABEL.findall(labels or "")))
        assert key not in samples, "duplicate series: " + line
        samples[key] = float(value)
    return samples, types


def scrape():
    r = requests.get(BASE + "/metrics", timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return parse(r.text)


def value(samples, name, **labels):
    want = set(labels.items())
    return sum(v for (n, l), v in samples.items() if n == name and want <= set(l))


def settled(before, more):
    """A scrape once `more` requests after `before` are counted: a worker counts a request
    just after its answer is written, a moment after the client has it."""
    total = value(before, "agora_requests_total")
    return wait_until(lambda: (lambda now: now if value(now[0], "agora_requests_total") >= total + more else None)(scrape()),
                      timeout=10)


def test_metrics_count_each_route_by_status_with_a_histogram():
    before, types = scrape()
    for _ in range(3):
        assert requests.get(BASE + "/api/health/", timeout=10).status_code == 200
    assert requests.get(BASE + "/api/blogs/999999999/", timeout=10).status_code == 404
    assert requests.put(BASE + "/api/blogs/", timeout=10).status_code == 405
    after, types = settled(before, 5)
    health = dict(function="health", route="/api/health/", method="GET")
    assert value(after, "agora_requests_total", status="200", **health) - value(before, "agora_requests_total", status="200", **health) == 3
    blog = dict(function="blogs", route="/api/blogs/{id}/", method="GET")
    assert value(after, "agora_requests_total", status="404", **blog) - value(before, "agora_requests_total", status="404", **blog) == 1
    unmatched = dict(function="blogs", route="unmatched", method="-")
    assert value(after, "agora_requests_total", status="405", **unmatched) - value(before, "agora_requests_total", status="405", **unmatched) == 1
    # The histogram: cumulative buckets from 1 ms to 10 s, +Inf equal to the count.
    assert types["agora_request_duration_seconds"] == "histogram"
    assert types["agora_requests_total"] == "counter"
    count = value(after, "agora_request_duration_seconds_count", **health)
    assert count - value(before, "agora_request_duration_seconds_count", **health) == 3
    buckets = sorted(((float("inf") if dict(l)["le"] == "+Inf" else float(dict(l)["le"])), v)
                     for (n, l), v in after.items()
                     if n == "agora_request_duration_seconds_bucket" and set(health.items()) <= set(l))
    assert [b for b, _ in buckets] == [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, float("inf")]
    assert all(a[1] <= b[1] for a, b in zip(buckets, buckets[1:]))
    assert buckets[-1][1] == count
    assert 0 < value(after, "agora_request_duration_seconds_sum", **health) < count * 10
    # The pool and the runner.
    assert value(after, "agora_pool_max_workers", function="health") >= 1
    assert value(after, "agora_pool_workers", function="health", state="idle") + value(after, "agora_pool_workers", function="health", state="busy") >= 1
    assert value(after, "agora_pool_worker_resident_bytes", function="health") > 1_000_000
    assert ("agora_pool_listen_queue", frozenset({("function", "health")})) in after
    for name in ("agora_pool_max_workers_reached_total", "agora_pool_restarts_total", "agora_pool_recycles_total",
                 "agora_pool_timeouts_total", "agora_pool_breaker_trips_total"):
        assert (name, frozenset({("function", "blogs")})) in after, name
    assert value(after, "agora_runner_uptime_seconds") > 0
    assert ("agora_runner_reloads_total", frozenset()) in after
    info = [dict(l) for (n, l), v in after.items() if n == "agora_build_info" and v == 1]
    assert len(info) == 1 and info[0]["version"] and info[0]["commit"]


def test_a_client_that_goes_away_is_counted_as_an_abort():
    client, _ = register()
    blog = client.post("/api/blogs/", json={"title": "held", "content": "a row this test locks"}).json()
    route = dict(function="blogs", route="/api/blogs/{id}/", method="GET")
    before, _ = scrape()
    # The blog's row is locked, so the GET (which counts the view) waits; its client gives up
    # first, nginx closes the worker's connection, and the worker's answer finds no one.
    holder = subprocess.Popen(["psql", os.environ["DATABASE_URL"], "-qtAc",
                               "BEGIN; SELECT blog_id FROM blog_stats WHERE blog_id = %d FOR UPDATE; SELECT pg_sleep(2); COMMIT;" % blog["id"]],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        with pytest.raises(requests.Timeout):
            requests.get(BASE + "/api/blogs/%d/" % blog["id"], timeout=0.7)
    finally:
        holder.wait(timeout=20)
    wait_until(lambda: value(scrape()[0], "agora_client_aborts_total", **route) > value(before, "agora_client_aborts_total", **route),
               timeout=10)


def test_metrics_from_an_address_not_allowed_get_the_404_envelope():
    # 127.0.0.2 is loopback too, but not in http.metrics_allow (127.0.0.1 and ::1).
    host, port = urllib.parse.urlsplit(BASE).hostname, urllib.parse.urlsplit(BASE).port
    with socket.create_connection((host, port), timeout=10, source_address=("127.0.0.2", 0)) as conn:
        conn.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        raw = b""
        while chunk := conn.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 404 "), head
    assert b"content-type: application/json" in head.lower()
    error = json.loads(body)["error"]
    assert error["code"] == "not_found" and error["status"] == 404
    assert b"agora_" not in body
    # Only GET, even from an allowed address.
    assert_error(requests.post(BASE + "/metrics", timeout=10), 404, "not_found")


def _pid_of_runner():
    with open(os.path.join(RUN_DIR, "runner.pid")) as f:
        return int(f.read().strip())


def test_totals_stay_monotonic_across_a_kill_9_and_a_reload():
    route = dict(function="health", route="/api/health/", method="GET", status="200")
    start, _ = scrape()
    for _ in range(5):
        assert requests.get(BASE + "/api/health/", timeout=10).status_code == 200
    before, _ = settled(start, 5)
    counted = value(before, "agora_requests_total", **route)
    histogram = value(before, "agora_request_duration_seconds_count", function="health", route="/api/health/", method="GET")
    restarts = value(before, "agora_pool_restarts_total", function="health")
    victims = [w["pid"] for w in runner_status()["functions"]["health"]["workers"]]
    for pid in victims:
        os.kill(pid, signal.SIGKILL)
    wait_until(lambda: (lambda now: now and not (now & set(victims)))(
        {w["pid"] for w in runner_status()["functions"]["health"]["workers"] if w["state"] == "idle"}), timeout=15)
    after_kill, _ = scrape()
    # The killed workers' requests are still counted, exactly; the restarts too.
    assert value(after_kill, "agora_requests_total", **route) == counted
    assert value(after_kill, "agora_request_duration_seconds_count", function="health", route="/api/health/", method="GET") == histogram
    assert value(after_kill, "agora_pool_restarts_total", function="health") == restarts + len(victims)
    assert requests.get(BASE + "/api/health/", timeout=10).status_code == 200

    reloads = value(after_kill, "agora_runner_reloads_total")
    old = {w["pid"] for w in runner_status()["functions"]["health"]["workers"]}
    os.kill(_pid_of_runner(), signal.SIGHUP)
    wait_until(lambda: (lambda now: now and not (now & old))(
        {w["pid"] for w in runner_status()["functions"]["health"]["workers"]}), timeout=30)
    after_reload, _ = scrape()
    assert value(after_reload, "agora_runner_reloads_total") == reloads + 1
    after_reload, _ = settled(after_kill, 1)
    assert value(after_reload, "agora_requests_total", **route) == counted + 1
    for (name, labels), number in after_kill.items():
        if name.endswith("_total") or name.endswith("_count") or name.endswith("_bucket") or name.endswith("_sum"):
            assert after_reload.get((name, labels), 0) >= number, (name, dict(labels))


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not shutil.which("prometheus"), reason="the Debian prometheus package is not installed")
def test_a_real_prometheus_scrapes_the_stack():
    target = urllib.parse.urlsplit(BASE).netloc
    for _ in range(4):
        assert requests.get(BASE + "/api/health/", timeout=10).status_code == 200
    assert requests.get(BASE + "/api/blogs/999999998/", timeout=10).status_code == 404
    expected = value(scrape()[0], "agora_request_duration_seconds_count", function="health", route="/api/health/", method="GET")
    port = _free_port()
    folder = tempfile.mkdtemp(prefix="agora-prometheus.")
    os.chmod(folder, 0o777)
    config = os.path.join(folder, "prometheus.yml")
    with open(config, "w") as f:
        f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                "scrape_configs:\n  - job_name: agora\n    static_configs:\n      - targets: ['%s']\n" % target)
    log = open(os.path.join(folder, "prometheus.log"), "w")
    server = subprocess.Popen(["prometheus", "--config.file", config, "--storage.tsdb.path", os.path.join(folder, "data"),
                               "--web.listen-address", "127.0.0.1:%d" % port, "--log.level", "warn"],
                              stdout=log, stderr=subprocess.STDOUT)
    api = "http://127.0.0.1:%d/api/v1/" % port

    def query(expression):
        try:
            r = requests.get(api + "query", params={"query": expression}, timeout=5)
        except requests.RequestException:
            return None
        if r.status_code != 200:
            return None
        return r.json()["data"]["result"]

    try:
        # The scrape is healthy, and Prometheus sees the route this test called, by status.
        up = wait_until(lambda: query('up{job="agora"} == 1'), timeout=60, interval=0.5)
        assert up
        found = wait_until(lambda: query('agora_requests_total{function="blogs",route="/api/blogs/{id}/",method="GET",status="404"}'),
                           timeout=30, interval=0.5)
        assert float(found[0]["value"][1]) >= 1
        assert found[0]["metric"]["method"] == "GET"
        count = wait_until(lambda: query('agora_request_duration_seconds_count{function="health",route="/api/health/"}'),
                           timeout=30, interval=0.5)
        assert float(count[0]["value"][1]) >= expected
        buckets = query('agora_request_duration_seconds_bucket{function="health",route="/api/health/",le="+Inf"}')
        assert buckets and float(buckets[0]["value"][1]) == float(count[0]["value"][1])
        quantile = query('histogram_quantile(0.5, sum by (le) (agora_request_duration_seconds_bucket{function="health"}))')
        assert quantile and 0 < float(quantile[0]["value"][1]) <= 10
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)
