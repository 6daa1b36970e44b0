#!/usr/bin/env python3
"""Checks the OpenAPI document against the routes the functions declare, and validates it.

    python3 openapi/check.py functions.json [--exclude functions.test.json] [--document openapi.json]
                             [--bin-dir DIR | --routes routes.json]

Fails when a route (method + path) that a function of functions.json declares has no operation in
the document, when the document has an operation that no function serves (or that another
function's module defines), or when openapi-spec-validator rejects the document. Without
`--document` it checks the document `build.py` makes for the same functions. The routes come from
the functions themselves, through `agora routes --json` (the `agora` of `--bin-dir`, default
$AGORA_BIN_DIR), or from a file of that command's output (`--routes`).
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from openapi.build import METHODS, BuildError, build, load_functions  # noqa: E402


class RoutesError(Exception):
    """The routes could not be gathered (no binaries, a binary missing, conflicting routes)."""


def declared_routes(manifest_path, bin_dir=None):
    """{function: [{"method", "path"}, ...]} as the functions of the manifest declare them."""
    bin_dir = bin_dir or os.environ.get("AGORA_BIN_DIR")
    if not bin_dir:
        raise RoutesError("the routes come from the function binaries: set AGORA_BIN_DIR or pass --bin-dir "
                          "(the folder of agora and agora-<function>), or pass --routes")
    result = subprocess.run([os.path.join(bin_dir, "agora"), "routes", "--json", "--functions", manifest_path,
                             "--bin-dir", bin_dir], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RoutesError(f"agora routes failed: {result.stderr.strip()}")
    return json.loads(result.stdout)


def served_routes(routes, functions=None):
    """{(METHOD, path): function} for every route in `routes` (as `agora routes --json` prints them),
    of the given functions only when `functions` is given."""
    return {(route["method"].upper(), route["path"]): name
            for name, declared in routes.items() if functions is None or name in functions
            for route in declared}


def documented_operations(document):
    """{(METHOD, path): tag of the operation} for every operation of the document."""
    return {(method.upper(), path): (operation.get("tags") or [None])[0]
            for path, item in document.get("paths", {}).items()
            for method, operation in item.items() if method in METHODS}


def route_problems(routes, document):
    """What disagrees between the served routes ({(METHOD, path): function}, see `served_routes`)
    and the document, one sentence each (empty: they agree)."""
    operations = documented_operations(document)
    problems = []
    for (method, path), function in routes.items():
        if (method, path) not in operations:
            problems.append(f"{method} {path} (function {function}) has no operation in the OpenAPI document: "
                            f"add it to openapi/{function.replace('-', '_')}.py")
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
    parser.add_argument("--document", help="check this document instead of building one")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--bin-dir", help="the folder of agora and agora-<function> (default: $AGORA_BIN_DIR)")
    source.add_argument("--routes", metavar="FILE", help="the routes as `agora routes --json` prints them")
    args = parser.parse_args(argv)
    functions = load_functions(args.functions, args.exclude)
    try:
        if args.document:
            with open(args.document) as f:
                document = json.load(f)
        else:
            document = build(functions)
    except BuildError as error:
        print(f"openapi: {error}", file=sys.stderr)
        return 1
    try:
        if args.routes:
            with open(args.routes) as f:
                declared = json.load(f)
        else:
            declared = declared_routes(args.functions, args.bin_dir)
    except RoutesError as error:
        print(f"openapi: {error}", file=sys.stderr)
        return 1
    routes = served_routes(declared, functions)
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
    operations = documented_operations(document)
    print(f"openapi: {len(operations)} operations for {len(routes)} routes of "
          f"{len(functions)} functions; the document is valid OpenAPI {document['openapi']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
