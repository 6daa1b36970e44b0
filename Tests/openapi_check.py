#!/usr/bin/env python3
"""Checks the OpenAPI document against the routes the functions declare, and validates it.

    python3 Tests/openapi_check.py functions.json [--exclude functions.test.json] [--document openapi.json]
                                   [--bin-dir DIR]

The document is `agora openapi` (made from the functions' own route declarations) unless
`--document` names a file; the routes are `agora routes --json`, both run from `--bin-dir`
(default $AGORA_BIN_DIR). Fails when a declared route has no operation, when an operation has no
route or sits under another function's tag, or when openapi-spec-validator rejects the document.
"""
import argparse
import json
import os
import subprocess
import sys

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class ToolError(Exception):
    """`agora` could not answer (no binaries, a binary missing, conflicting routes)."""


def agora(bin_dir, *args):
    """The JSON that `agora ARGS` prints."""
    bin_dir = bin_dir or os.environ.get("AGORA_BIN_DIR")
    if not bin_dir:
        raise ToolError("set AGORA_BIN_DIR or pass --bin-dir (the folder of agora and agora-<function>)")
    result = subprocess.run([os.path.join(bin_dir, "agora"), *args, "--bin-dir", bin_dir],
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise ToolError(f"agora {args[0]} failed: {result.stderr.strip()}")
    return json.loads(result.stdout)


def manifest_functions(path, exclude=()):
    """The function names of a manifest, without those of the `exclude` manifests."""
    with open(path) as f:
        names = set(json.load(f)["functions"])
    for other in exclude:
        with open(other) as f:
            names -= set(json.load(f)["functions"])
    return names


def document_for(manifest, exclude=(), bin_dir=None):
    args = ["openapi", "--functions", manifest]
    for path in exclude:
        args += ["--exclude", path]
    return agora(bin_dir, *args)


def declared_routes(manifest, bin_dir=None):
    """{function: [{"method", "path", ...}, ...]} as the functions of the manifest declare them."""
    return agora(bin_dir, "routes", "--json", "--functions", manifest)


def served_routes(routes, functions=None):
    """{(METHOD, path): function} for every declared route, of `functions` only when given."""
    return {(route["method"].upper(), route["path"]): name
            for name, declared in routes.items() if functions is None or name in functions
            for route in declared}


def documented_operations(document):
    """{(METHOD, path): tag of the operation} for every operation of the document."""
    return {(method.upper(), path): (operation.get("tags") or [None])[0]
            for path, item in document.get("paths", {}).items()
            for method, operation in item.items() if method in METHODS}


def route_problems(routes, document):
    """What disagrees between the served routes ({(METHOD, path): function}) and the document,
    one sentence each (empty: they agree)."""
    operations = documented_operations(document)
    problems = []
    for (method, path), function in routes.items():
        if (method, path) not in operations:
            problems.append(f"{method} {path} (function {function}) has no operation in the OpenAPI document")
        elif operations[(method, path)] != function:
            problems.append(f"{method} {path} is served by function {function} but documented under tag "
                            f"{operations[(method, path)]!r}")
    for (method, path), tag in operations.items():
        if (method, path) not in routes:
            problems.append(f"{method} {path} is in the OpenAPI document (tag {tag!r}) but no function "
                            "declares it (agora routes)")
    return problems


def validate(document):
    """Raises when openapi-spec-validator finds the document invalid."""
    from openapi_spec_validator import validate as validate_spec
    validate_spec(document)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("functions", help="the functions manifest")
    parser.add_argument("--exclude", action="append", default=[], metavar="MANIFEST",
                        help="leave out the functions of this manifest (repeatable)")
    parser.add_argument("--document", help="check this document instead of `agora openapi`'s")
    parser.add_argument("--bin-dir", help="the folder of agora and agora-<function> (default: $AGORA_BIN_DIR)")
    args = parser.parse_args(argv)
    functions = manifest_functions(args.functions, args.exclude)
    try:
        if args.document:
            with open(args.document) as f:
                document = json.load(f)
        else:
            document = document_for(args.functions, args.exclude, args.bin_dir)
        routes = served_routes(declared_routes(args.functions, args.bin_dir), functions)
    except ToolError as error:
        print(f"openapi: {error}", file=sys.stderr)
        return 1
    problems = route_problems(routes, document)
    for problem in problems:
        print(f"openapi: {problem}", file=sys.stderr)
    try:
        validate(document)
    except Exception as error:  # the validator's errors have no common base worth naming
        print(f"openapi: openapi-spec-validator: {error}", file=sys.stderr)
        return 1
    if problems:
        return 1
    print(f"openapi: {len(documented_operations(document))} operations for {len(routes)} routes of "
          f"{len(functions)} functions; the document is valid OpenAPI {document['openapi']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
