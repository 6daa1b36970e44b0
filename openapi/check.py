#!/usr/bin/env python3
"""Checks the OpenAPI document against functions.json, and validates it.

    python3 openapi/check.py functions.json [--exclude functions.test.json] [--document openapi.json]

Fails when a route (method + path) of functions.json has no operation in the document, when the
document has an operation that no function serves (or that another function's module defines),
or when openapi-spec-validator rejects the document. Without `--document` it checks the document
`build.py` makes for the same functions.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from openapi.build import METHODS, BuildError, build, load_functions  # noqa: E402


def served_routes(functions):
    """{(METHOD, path): function} for every route of the functions."""
    return {(route["method"].upper(), route["path"]): name
            for name, spec in functions.items() for route in spec.get("routes", [])}


def documented_operations(document):
    """{(METHOD, path): tag of the operation} for every operation of the document."""
    return {(method.upper(), path): (operation.get("tags") or [None])[0]
            for path, item in document.get("paths", {}).items()
            for method, operation in item.items() if method in METHODS}


def route_problems(functions, document):
    """What disagrees between the routes and the document, one sentence each (empty: they agree)."""
    routes = served_routes(functions)
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
            problems.append(f"{method} {path} is in the OpenAPI document (tag {tag!r}) but no function in "
                            "functions.json serves it")
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
    problems = route_problems(functions, document)
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
    print(f"openapi: {len(operations)} operations for {len(served_routes(functions))} routes of "
          f"{len(functions)} functions; the document is valid OpenAPI {document['openapi']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
