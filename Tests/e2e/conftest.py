"""End-to-end tests: real HTTP through nginx to the FastCGI workers and PostgreSQL.

deploy/test.sh starts the stack and passes its coordinates in the environment.
"""
import json
import os
import subprocess
import time

import pytest
import requests

BASE = os.environ.get("AGORA_BASE_URL", "http://127.0.0.1:8080")
RUN_DIR = os.environ.get("AGORA_RUN_DIR", "")
BIN_DIR = os.environ.get("AGORA_BIN_DIR", "")
PG_DATA = os.environ.get("AGORA_PG_DATA", "")
PG_PORT = os.environ.get("AGORA_PG_PORT", "")
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class Client:
    """A thin requests wrapper that always talks to the stack under test."""

    def __init__(self, token=None):
        self.session = requests.Session()
        self.token = token

    def request(self, method, path, json_body=None, data=None, headers=None, token=None, **kwargs):
        headers = dict(headers or {})
        bearer = token if token is not None else self.token
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        if json_body is not None:
            data = json.dumps(json_body)
            headers.setdefault("Content-Type", "application/json")
        return self.session.request(method, BASE + path, data=data, headers=headers, timeout=30, **kwargs)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, json_body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, json_body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, json_body=body, **kw)

    def delete(self, path, body=None, **kw):
        return self.request("DELETE", path, json_body=body, **kw)


def assert_error(response, status, code, fields=None):
    """The response is the error envelope with this status and code."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["Content-Type"].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert error["status"] == status
    assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"]
    assert error["request_id"] == response.headers["X-Request-ID"]
    allowed = {"status", "code", "message", "request_id", "fields"}
    assert set(error) <= allowed, error
    if fields is not None:
        assert set(error.get("fields", {})) == set(fields), error
    return error


@pytest.fixture
def client():
    return Client()


def runner_status():
    """The runner's status document, read from its own socket."""
    out = subprocess.run([os.path.join(BIN_DIR, "agora"), "status", "--json", "--socket-dir",
                          os.path.join(RUN_DIR, "sockets")], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def wait_until(predicate, timeout=10.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met within %.1fs" % timeout)


_counter = [0]


def unique(prefix="u"):
    """A username unique across this test run (and across reruns on the same database)."""
    _counter[0] += 1
    return "%s%d_%d" % (prefix, os.getpid() % 100000, _counter[0])


def register(client=None, username=None, password="correct horse battery", email=None):
    """Registers a fresh user; returns (client with its access token, response body)."""
    client = client or Client()
    username = username or unique()
    email = email or "%s@example.com" % username
    r = client.post("/api/auth/register/", {"username": username, "email": email, "password": password})
    assert r.status_code == 201, r.text
    body = r.json()
    return Client(token=body["access"]), body


@pytest.fixture
def user():
    """(client, body) of a freshly registered user."""
    return register()


def psql(sql, owner=False):
    """SQL's output, as the application role (rows), or as the owner role (`owner`: triggers,
    functions, constraints)."""
    url = os.environ.get("MIGRATION_DATABASE_URL" if owner else "DATABASE_URL", "")
    return subprocess.run(["psql", url, "-qtAc", sql], check=True, capture_output=True, text=True).stdout.strip()


def make_admin(user_id):
    """Admins are made with the command-line tool, never through the API."""
    psql("UPDATE users SET is_admin = true WHERE id = %d" % int(user_id))


@pytest.fixture
def admin():
    client, body = register(username=unique("admin"))
    make_admin(body["user"]["id"])
    return client, body
