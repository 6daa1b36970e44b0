#!/usr/bin/env python3
"""Builds the OpenAPI 3.1 document for exactly the functions of a functions.json.

    python3 openapi/build.py functions.json [--exclude functions.test.json] > openapi.json

Each function needs a module `openapi/<name>.py` (`-` read as `_`) exposing `TAG`, `SCHEMAS` and
`OPERATIONS`; a function without one is an error. `--exclude` names manifests whose functions are
left out (the test-only functions the test stack adds). Standard library only.
"""
import argparse
import importlib
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO not in sys.path:
    sys.path.insert(0, REPO)

from openapi import common  # noqa: E402  (needs the path above)

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

DESCRIPTION = """\
The API of Agora. Every endpoint group is its own function behind one gateway; this document is
generated from the same `functions.json` that routes them, and the test suite fails when a route
and an operation disagree.

**Conventions.** JSON in and out (`application/json; charset=utf-8`). Every path ends with `/`; the
same path without it is served identically (no redirect). Ids are positive 64-bit integers; path
ids that are not canonical (`01`, `+1`) are 404. Timestamps are RFC 3339 UTC with milliseconds
(`2026-11-29T10:15:30.123Z`). Every response carries `X-Request-ID` (the client's own when it is
1-128 characters of `A-Z a-z 0-9 - _ . :`). Every 4xx/5xx body is the `Error` envelope.

**Authentication.** `Authorization: Bearer <access token>` from login, registration or refresh.
Operations marked with an optional lock also work anonymously (then without per-user fields such
as `liked`), but a token that *is* sent must be valid everywhere: a bad one is 401.

**Order of checks.** An unsupported method is 405 (with `Allow`), then authentication (401), then a
path id that does not exist (404), then permission (403), then the body (400, 409).

**Bodies.** A non-empty body must be `application/json` (else 415), at most 1 MiB (else 413), and a
JSON object (else 400 `invalid_json`); an empty body counts as `{}`. Values of the wrong JSON type
are 400 (no coercion: `"title": 123` is refused). Unknown fields and read-only fields (`id`,
`author`, `created_at`, `is_admin`, ...) are ignored, never applied. `PUT` replaces every writable
field (required ones must be present); `PATCH` changes only the fields sent. String lengths count
Unicode code points; NUL characters are refused (PostgreSQL cannot store them).

**Lists** are cursor-paginated like Django REST Framework's `CursorPagination`, without `count`:
`{results, next}`, `?limit=` 1-100 (default 20), `next` a relative path or `null`. Cursors are
signed: an edited cursor is 400. Newest first unless an operation says otherwise.

**Choices this API makes where Django REST Framework + simplejwt leave room:** field errors name
the field as sent with DRF's messages (`This field is required.`, `Ensure this field has no more
than 200 characters.`); login answers simplejwt's token pair plus the `user`; refresh tokens rotate
and a reused one ends its session (simplejwt's rotation with blacklisting, plus theft detection);
logout is simplejwt's blacklist view answering 204 and ending the whole session; emails are
trimmed of surrounding whitespace; the password rules are modelled on Django's four default
validators.

**Rate limits.** The gateway limits each client (429 with `Retry-After`); login also throttles
failures per account. The gateway itself answers 502/504 in the same envelope when a function is
down or too slow.
"""


class BuildError(Exception):
    """A problem that makes the document impossible or wrong; the message says what to fix."""


def load_functions(manifest_path, exclude=()):
    """The functions of a manifest, in its order, without those named in the `exclude` manifests."""
    with open(manifest_path) as f:
        functions = json.load(f)["functions"]
    excluded = set()
    for path in exclude:
        with open(path) as f:
            excluded.update(json.load(f)["functions"])
    return {name: spec for name, spec in functions.items() if name not in excluded}


def module_for(function):
    """The operations module of a function."""
    name = "openapi." + function.replace("-", "_")
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name == name:
            raise BuildError(f"function {function!r} has no OpenAPI module: add openapi/{function.replace('-', '_')}.py "
                             "with TAG, SCHEMAS and OPERATIONS (see openapi/auth.py)") from None
        raise


def build(functions):
    """The document for `functions` ({name: manifest entry})."""
    schemas = dict(common.SCHEMAS)
    paths = {}
    tags = []
    for function in functions:
        module = module_for(function)
        tags.append(module.TAG)
        for name, value in module.SCHEMAS.items():
            if name in schemas and schemas[name] != value:
                raise BuildError(f"openapi/{module.__name__.split('.')[-1]}.py redefines schema {name!r}")
            schemas[name] = value
        for (method, path), operation in module.OPERATIONS.items():
            item = paths.setdefault(path, {})
            if method.lower() in item:
                raise BuildError(f"{method} {path} is defined twice")
            item[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Agora API",
            "version": "1.0.0",
            "description": DESCRIPTION,
        },
        "servers": [{"url": "/", "description": "This server (same origin)"}],
        "tags": tags,
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": common.PARAMETERS,
            "headers": common.HEADERS,
            "responses": common.RESPONSES,
            "securitySchemes": common.SECURITY_SCHEMES,
        },
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description="Print the OpenAPI document for a functions.json.")
    parser.add_argument("functions", help="the functions manifest")
    parser.add_argument("--exclude", action="append", default=[], metavar="MANIFEST",
                        help="leave out the functions of this manifest (repeatable)")
    args = parser.parse_args(argv)
    try:
        document = build(load_functions(args.functions, args.exclude))
    except BuildError as error:
        print(f"openapi: {error}", file=sys.stderr)
        return 1
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
