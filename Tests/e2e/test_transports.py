"""One handler, three transports: FastCGI (through nginx), CGI and local invocation answer alike."""
import functools
import json
import os
import re
import subprocess

import pytest

from conftest import BIN_DIR, Client, REPO

CASES = [
    ("GET", "/api/test/ok/", None),
    ("GET", "/api/test/items/42/", None),
    ("GET", "/api/test/items/042/", None),
    ("POST", "/api/test/echo/", {"title": "x", "count": 2}),
    ("POST", "/api/test/echo/", {"title": 5}),
    ("POST", "/api/test/echo/", "{broken"),
    ("DELETE", "/api/test/ok/", None),
    ("GET", "/api/health/", None),
]
RID = "transport-test-1"
MANIFEST = os.environ.get("AGORA_FUNCTIONS", os.path.join(REPO, "functions.json"))
AGORA = os.path.join(BIN_DIR, "agora")


def normalise(status, headers, body):
    headers = {k.lower(): v for k, v in headers.items() if k.lower() in ("content-type", "allow", "x-request-id")}
    try:
        parsed = json.loads(body) if body else None
    except ValueError:
        parsed = body
    if isinstance(parsed, dict):
        parsed.pop("pid", None)
    return status, headers, parsed


@functools.cache
def declared_routes():
    """Every function's routes, as the functions declare them (`agora routes --json`)."""
    out = subprocess.run([AGORA, "routes", "--json", "--functions", MANIFEST], capture_output=True, text=True,
                         check=True, timeout=60)
    return json.loads(out.stdout)


def binary(path):
    """The binary of the function that declares a route matching `path` (ids filled in)."""
    for function, routes in declared_routes().items():
        for route in routes:
            if re.fullmatch(re.sub(r"{\w+}", "[^/]+", route["path"]), path):
                return os.path.join(BIN_DIR, "agora-" + function)
    raise AssertionError(f"no function declares {path}")


def via_nginx(method, path, body):
    data = body if isinstance(body, str) else (json.dumps(body) if body is not None else None)
    headers = {"X-Request-ID": RID}
    if data is not None:
        headers["Content-Type"] = "application/json"
    r = Client().request(method, path, data=data, headers=headers)
    return normalise(r.status_code, r.headers, r.text)


def via_invoke(method, path, body):
    data = body if isinstance(body, str) else (json.dumps(body) if body is not None else None)
    event = {"rawPath": path, "rawQueryString": "", "requestContext": {"http": {"method": method}},
             "headers": {"x-request-id": RID, **({"content-type": "application/json"} if data else {})},
             "body": data, "isBase64Encoded": False}
    out = subprocess.run([binary(path), "invoke"], input=json.dumps(event), capture_output=True, text=True, timeout=30)
    result = json.loads(out.stdout)
    return normalise(result["statusCode"], result["headers"], result["body"])


def via_cgi(method, path, body):
    data = body if isinstance(body, str) else (json.dumps(body) if body is not None else "")
    env = dict(os.environ, GATEWAY_INTERFACE="CGI/1.1", REQUEST_METHOD=method, DOCUMENT_URI=path, QUERY_STRING="",
               HTTP_X_REQUEST_ID=RID, CONTENT_LENGTH=str(len(data.encode())))
    if data:
        env["CONTENT_TYPE"] = "application/json"
    out = subprocess.run([binary(path)], input=data.encode(), env=env, capture_output=True, timeout=30).stdout
    head, _, payload = out.decode().partition("\r\n\r\n")
    lines = head.split("\r\n")
    status = int(lines[0].split()[1])
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return normalise(status, headers, payload)


@pytest.mark.parametrize("method,path,body", CASES)
def test_three_transports_answer_identically(method, path, body):
    fastcgi = via_nginx(method, path, body)
    assert via_invoke(method, path, body) == fastcgi
    assert via_cgi(method, path, body) == fastcgi
    assert fastcgi[1]["x-request-id"] == RID


def test_invoke_exits_non_zero_on_a_bad_event():
    out = subprocess.run([binary("/api/test/ok/"), "invoke"], input="not json", capture_output=True, text=True)
    assert out.returncode == 2 and out.stdout == ""


def test_routes_are_listed_from_the_function_binaries():
    routes = declared_routes()
    assert routes["health"] == [{"method": "GET", "path": "/api/health/"}]
    assert {"method": "GET", "path": "/api/test/items/{id}/"} in routes["testfn"]
    table = subprocess.run([AGORA, "routes", "--functions", MANIFEST], capture_output=True, text=True, check=True)
    assert re.search(r"^health\s+GET\s+/api/health/$", table.stdout, re.M)


def test_routes_name_a_function_whose_binary_is_missing(tmp_path):
    manifest = tmp_path / "functions.json"
    manifest.write_text(json.dumps({"functions": {"health": {}, "nosuchfn": {}}}))
    out = subprocess.run([AGORA, "routes", "--functions", str(manifest)], capture_output=True, text=True)
    assert out.returncode != 0
    assert f'function "nosuchfn": no executable {BIN_DIR}/agora-nosuchfn' in out.stderr


def test_event_helper_prints_a_ready_event_for_a_route():
    out = subprocess.run([AGORA, "event", "GET", "/api/health/", "--functions",
                          os.path.join(REPO, "functions.json")], capture_output=True, text=True, check=True)
    event = json.loads(out.stdout)
    assert event["rawPath"] == "/api/health/" and event["requestContext"]["http"]["method"] == "GET"
    result = subprocess.run([os.path.join(BIN_DIR, "agora-health"), "invoke"], input=out.stdout,
                            capture_output=True, text=True, check=True)
    assert json.loads(json.loads(result.stdout)["body"]) == {"status": "ok", "database": "ok"}
    bad = subprocess.run([AGORA, "event", "GET", "/api/unknown/", "--functions",
                          os.path.join(REPO, "functions.json")], capture_output=True, text=True)
    assert bad.returncode != 0 and "no function" in bad.stderr
    wrong_method = subprocess.run([AGORA, "event", "DELETE", "/api/health/", "--functions",
                                   os.path.join(REPO, "functions.json")], capture_output=True, text=True)
    assert wrong_method.returncode != 0 and "health does not serve DELETE /api/health/" in wrong_method.stderr


def test_missing_configuration_stops_with_one_line():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    out = subprocess.run([os.path.join(BIN_DIR, "agora-health"), "invoke"], input="{}", env=env,
                         capture_output=True, text=True)
    assert out.returncode != 0
    assert out.stderr.strip() == "agora-health: missing required environment variable DATABASE_URL"
