"""Real-time delivery beyond one machine: two nginx instances keep nchan's channels in one Redis
(`http.redis_url` of functions.json), so a message sent through instance A reaches a subscriber
of instance B. The test starts its own Redis, a runner of the chats function (publishing to A)
and the two nginx instances, on loopback, and stops them."""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

from conftest import BASE, BIN_DIR, REPO, register
from realtime import SSE
from test_chats import chat

AGORA = os.path.join(BIN_DIR, "agora")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, what, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


def listening(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


@pytest.fixture
def two_nginx_on_redis():
    assert shutil.which("redis-server"), "redis-server is installed by deploy/test.sh"
    root = tempfile.mkdtemp(prefix="agora-redis-")
    os.chmod(root, 0o755)
    started = []
    try:
        redis_port = free_port()
        redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no", "--dir", root], stdout=subprocess.DEVNULL)
        started.append(("process", redis))
        wait_for(lambda: listening(redis_port), "redis")

        manifest = json.load(open(os.path.join(REPO, "functions.json")))
        manifest["functions"] = {"chats": manifest["functions"]["chats"]}
        manifest["http"]["redis_url"] = "redis://127.0.0.1:%d" % redis_port
        functions = os.path.join(root, "functions.json")
        json.dump(manifest, open(functions, "w"))

        sockets = os.path.join(root, "sockets")
        os.makedirs(sockets)
        os.chmod(sockets, 0o755)
        # nginx's workers (www-data) reach the sockets through their group, as in the main stack.
        group = ["--socket-group", "www-data"] if os.geteuid() == 0 else []
        runner = subprocess.Popen([AGORA, "run", "--functions", functions, "--socket-dir", sockets, "--bin-dir", BIN_DIR,
                                   *group],
                                  stdout=subprocess.DEVNULL, stderr=open(os.path.join(root, "runner.log"), "w"))
        started.append(("process", runner))
        wait_for(lambda: os.path.exists(os.path.join(sockets, "chats.sock")), "the chats socket")

        ports = {}
        for name in ("a", "b"):
            run = os.path.join(root, name)
            os.makedirs(run)
            os.chmod(run, 0o755)
            ports[name] = free_port()
            args = [AGORA, "nginx-config", "--functions", functions, "--bin-dir", BIN_DIR,
                    "--listen", "127.0.0.1:%d" % ports[name], "--socket-dir", sockets, "--runtime-dir", run,
                    "--workers", "1"]
            if name == "b":  # A takes the functions' events; B only serves subscribers.
                args += ["--publish-socket", os.path.join(run, "publish.sock")]
            if os.geteuid() == 0:
                args += ["--user", "www-data"]
            conf = os.path.join(run, "nginx.conf")
            open(conf, "w").write(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
            subprocess.run(["nginx", "-c", conf, "-p", run], check=True, capture_output=True)
            started.append(("nginx", run))
            wait_for(lambda: listening(ports[name]), "nginx " + name)
        yield "http://127.0.0.1:%d" % ports["a"], "http://127.0.0.1:%d" % ports["b"]
    finally:
        for kind, what in reversed(started):
            if kind == "nginx":
                subprocess.run(["nginx", "-c", os.path.join(what, "nginx.conf"), "-p", what, "-s", "quit"],
                               capture_output=True)
            else:
                what.terminate()
                try:
                    what.wait(10)
                except subprocess.TimeoutExpired:
                    what.kill()
        time.sleep(0.2)
        shutil.rmtree(root, ignore_errors=True)


def test_a_message_sent_through_a_reaches_a_subscriber_of_b(two_nginx_on_redis):
    a, b = two_nginx_on_redis
    alice, bob = register(), register()  # through the main stack: same database
    c = chat(alice, bob)
    headers = lambda member: {"Authorization": "Bearer " + member[1]["access"]}
    import requests
    stream_token = requests.post(b + f"/api/chats/{c['id']}/stream-token/", headers=headers(bob)).json()["token"]
    stream = SSE(b, f"/api/chats/{c['id']}/stream/?token={stream_token}")
    assert stream.accepted(), (stream.status, stream.body)
    assert stream.ready.wait(2)
    try:
        r = requests.post(a + f"/api/chats/{c['id']}/messages/", json={"content": "across hosts"}, headers=headers(alice))
        assert r.status_code == 201, r.text
        event = stream.next(timeout=2.0)
        assert event is not None, "nothing reached instance B"
        assert event["event"] == "message.created" and event["data"]["data"]["id"] == r.json()["id"]
    finally:
        stream.close()
