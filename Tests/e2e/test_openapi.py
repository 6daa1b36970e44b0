"""The OpenAPI document and Swagger UI: generated for the functions of
functions.json, in step with the routes they declare (`agora routes`), valid, served by nginx, and
rendered for real by a headless Chromium."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import pytest

from conftest import BASE, REPO, Client

sys.path.insert(0, os.path.join(REPO, "Tests"))
from openapi_check import (  # noqa: E402
    METHODS, declared_routes, document_for, documented_operations, manifest_functions, route_problems, served_routes,
    validate,
)

MANIFEST = os.environ.get("AGORA_FUNCTIONS", os.path.join(REPO, "functions.json"))
TEST_ONLY = os.path.join(REPO, "functions.test.json")
CHECK = os.path.join(REPO, "Tests", "openapi_check.py")


@pytest.fixture(scope="module")
def functions():
    return manifest_functions(MANIFEST, [TEST_ONLY])


@pytest.fixture(scope="module")
def declared():
    """Every function's routes, test-only ones included, as `agora routes --json` prints them."""
    return declared_routes(MANIFEST)


@pytest.fixture(scope="module")
def document():
    """The document `agora openapi` makes from the functions' own declarations."""
    return document_for(MANIFEST, [TEST_ONLY])


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method.upper(), path, operation


# --- the document and the routes ------------------------------------------------------------------

def test_every_route_has_an_operation_and_every_operation_a_route(functions, declared, document):
    routes = served_routes(declared, functions)
    assert route_problems(routes, document) == []
    assert set(documented_operations(document)) == set(routes)


def test_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_served_document_is_the_generated_one(client, document):
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    assert r.headers["X-Request-ID"]
    assert r.json() == json.loads(json.dumps(document))


def test_test_only_functions_are_left_out(document, declared):
    assert not [path for path in document["paths"] if path.startswith("/api/test/")]
    if "testfn" in manifest_functions(MANIFEST):  # the test stack serves them, the document does not describe them
        assert any(route["path"].startswith("/api/test/") for route in declared["testfn"])


def test_the_check_names_an_undocumented_route_and_an_unserved_operation(document):
    routes = {("GET", "/api/health/"): "health", ("DELETE", "/api/health/"): "health"}
    health_only = {"paths": {"/api/health/": document["paths"]["/api/health/"]}}
    assert route_problems(routes, health_only) == ["DELETE /api/health/ (function health) has no operation in "
                                                   "the OpenAPI document"]
    assert route_problems({}, health_only) == ["GET /api/health/ is in the OpenAPI document (tag 'health') but no "
                                               "function declares it (agora routes)"]
    # The real routes and document, from the binaries of AGORA_BIN_DIR.
    result = subprocess.run([sys.executable, CHECK, MANIFEST, "--exclude", TEST_ONLY], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr


def test_the_check_fails_clearly_without_the_binaries():
    env = {k: v for k, v in os.environ.items() if k != "AGORA_BIN_DIR"}
    result = subprocess.run([sys.executable, CHECK, MANIFEST, "--exclude", TEST_ONLY],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 1
    assert "set AGORA_BIN_DIR or pass --bin-dir" in result.stderr


def test_a_field_declaration_is_the_request_schema(document):
    """The title bounds of the blog's one Field declaration are what the document says (the Swift
    test shows the same declaration validating)."""
    body = document["paths"]["/api/blogs/"]["post"]["requestBody"]
    assert body["required"] is True
    schema = body["content"]["application/json"]["schema"]
    assert schema["required"] == ["title", "content"]
    # A trimmed field's bounds hold for the trimmed text, so they are in its pattern, not minLength/maxLength.
    title = re.compile(schema["properties"]["title"]["pattern"])
    assert title.match("x" * 200) and title.match("  x\r\n") and title.match(" " + "x" * 200 + " ")
    assert not title.match("x" * 201) and not title.match(" \t ") and not title.match("a\u0000b")
    r = Client().post("/api/auth/register/", {})  # anything refused for `{}` has a required body
    assert r.status_code == 400


# --- what every operation must say ----------------------------------------------------------------

def resolve(document, value):
    while isinstance(value, dict) and "$ref" in value:
        node = document
        for part in value["$ref"].lstrip("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        value = node
    return value


def test_every_operation_documents_the_errors_it_can_return(document):
    for method, path, operation in operations(document):
        label = f"{method} {path}"
        statuses = set(operation["responses"])
        assert {"401", "414", "429", "431", "500", "502", "503", "504"} <= statuses, label
        if "requestBody" in operation:
            assert {"400", "413", "415"} <= statuses, label
            # An empty body counts as {}: the body is required exactly when {} would be refused.
            schema = resolve(document, operation["requestBody"]["content"]["application/json"]["schema"])
            assert operation["requestBody"]["required"] is bool(schema.get("required")), label
        if "{" in path:
            assert "404" in statuses, label
            names = {p["name"] for p in (resolve(document, p) for p in operation["parameters"]) if p["in"] == "path"}
            assert names == set(re.findall(r"{(\w+)}", path)), label
        assert operation["security"] in ([{"bearerAuth": []}], [{}, {"bearerAuth": []}]), label
        assert operation["tags"] and operation["summary"] and operation["operationId"], label
        for status, response in operation["responses"].items():
            response = resolve(document, response)
            assert "X-Request-ID" in response["headers"], (label, status)
            if int(status) >= 400:
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (label, status)  # one Error type
            if status == "401":
                assert "WWW-Authenticate" in response["headers"], label
            if status in ("429", "503"):
                assert "Retry-After" in response["headers"], label


def test_operation_ids_are_unique(document):
    ids = [operation["operationId"] for _, _, operation in operations(document)]
    assert len(ids) == len(set(ids))


def test_response_objects_are_strict(document):
    """Our response objects forbid unknown properties, so drift fails the conformance run."""
    def walk(schema, where):
        if isinstance(schema, dict):
            if schema.get("type") == "object" and "properties" in schema:
                assert schema.get("additionalProperties") is False, where
            for key, value in schema.items():
                walk(value, f"{where}/{key}")
        elif isinstance(schema, list):
            for i, value in enumerate(schema):
                walk(value, f"{where}/{i}")

    for name, schema in document["components"]["schemas"].items():
        walk(schema, name)


def test_every_example_matches_its_schema(document):
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry = Registry().with_resource("urn:agora:openapi", Resource.from_contents(
        document, default_specification=DRAFT202012))

    def check(pointer, instance):
        escaped = "/".join(part.replace("~", "~0").replace("/", "~1") for part in pointer)
        validator = Draft202012Validator({"$ref": "urn:agora:openapi#/" + escaped}, registry=registry,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = [e.message for e in validator.iter_errors(instance)]
        assert not errors, (pointer, instance, errors)

    checked = 0
    for path, item in document["paths"].items():
        for method, operation in item.items():
            media = []
            if "requestBody" in operation:
                media.append((["requestBody"], operation["requestBody"]))
            for status, response in operation["responses"].items():
                media.append((["responses", status], response))
            for where, holder in media:
                for type_, content in holder.get("content", {}).items():
                    if "example" in content:
                        check(["paths", path, method, *where, "content", type_, "schema"], content["example"])
                        checked += 1
    for name, schema in document["components"]["schemas"].items():
        for example in schema.get("examples", []):
            check(["components", "schemas", name], example)
            checked += 1
    assert checked > len(document["paths"])


# --- Swagger UI -------------------------------------------------------------------------------------

def test_docs_page_is_served_with_its_own_policy(client):
    for path in ("/api/docs/", "/api/docs"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["Content-Type"] == "text/html; charset=utf-8"
        policy = r.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "connect-src 'self'" in policy and "default-src 'none'" in policy
        assert "unsafe-eval" not in policy and "frame-ancestors 'none'" in policy
        assert r.headers["X-Request-ID"]
        # Everything the page loads comes from this server (no CDN at run time).
        assert re.findall(r'(?:src|href)="([^"]+)"', r.text)
        assert all(url.startswith("/api/docs/") for url in re.findall(r'(?:src|href)="([^"]+)"', r.text))
    for asset, content_type in [("swagger-ui-bundle.js", "application/javascript"), ("swagger-ui.css", "text/css"),
                                ("agora-docs.js", "application/javascript"), ("favicon-32x32.png", "image/png")]:
        r = client.get("/api/docs/" + asset)
        assert r.status_code == 200, asset
        assert r.headers["Content-Type"].split(";")[0] == content_type, asset
    r = client.get("/api/docs/nothing.js")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    # The API itself keeps its strict policy.
    assert client.get("/api/health/").headers["Content-Security-Policy"].startswith("default-src 'none'")


def chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(not chromium(), reason="chromium is not installed (deploy/test.sh installs Debian's)")
def test_docs_page_lists_every_operation_in_a_real_browser(document):
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [chromium(), "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
             f"--user-data-dir={profile}", "--dump-dom", "--virtual-time-budget=10000", BASE + "/api/docs/"],
            capture_output=True, text=True, timeout=120)
    dom = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'class="swagger-ui' in dom, dom[:2000]
    expected = sorted((method, path) for method, path, _ in operations(document))
    shown = sorted(re.findall(r'class="opblock opblock-(\w+)[^"]*".*?data-path="([^"]+)"', dom, re.S))
    assert [(m.upper(), p) for m, p in shown] == expected
    assert "/api/auth/login/" in dom
    assert document["info"]["title"] in dom
