"""The OpenAPI 3.1 document of the API, generated from one module per function.

`common` holds what every function shares (the error envelope, the error responses and their
headers, pagination, the bearer scheme, users, timestamps) and `operation()`, which fills in the
errors every operation can return. Each function's module (named like its key in functions.json,
`-` read as `_`) exposes `TAG`, `SCHEMAS` and `OPERATIONS`; `build.py` assembles the document for
the functions of a given functions.json and `check.py` verifies it against the routes.
"""
