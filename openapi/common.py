"""What every function's operations share (API.md sections 1 and 12).

A function's module builds its operations with `operation()`, which adds the errors any operation
can return (401 for a bad token, 429 from the rate limit, 500, 502/503/504 from the gateway and
the database, and 400/413/415 when it takes a body), so a module only names its own: 403, 404 on
a missing resource, 409, ... Schemas of responses are strict (`additionalProperties: false`) so
that drift shows up in the conformance run; schemas of request bodies encode exactly what the
API rejects, and never forbid unknown fields (the API ignores them).
"""

# --- references -----------------------------------------------------------------------------


def ref(kind, name):
    """A `$ref` to `#/components/<kind>/<name>`."""
    return {"$ref": f"#/components/{kind}/{name}"}


def schema(name):
    return ref("schemas", name)


REQUIRED = [{"bearerAuth": []}]
"""`security` of an operation that needs an access token."""

OPTIONAL = [{}, {"bearerAuth": []}]
"""`security` of a public operation: anonymous, or with a token (which must then be valid)."""

# --- scalar schemas -------------------------------------------------------------------------

ID = {"type": "integer", "format": "int64", "minimum": 1, "maximum": 2**63 - 1}
"""Ids: positive 64-bit integers."""

TIMESTAMP = {
    "type": "string",
    "format": "date-time",
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$",
    "description": "RFC 3339 UTC with exactly three fractional digits and `Z`, set by the server.",
    "examples": ["2026-11-29T10:15:30.123Z"],
}

REQUEST_ID_PATTERN = r"^[A-Za-z0-9._:-]{1,128}$"


def string(min_length=None, max_length=None, **extra):
    """A string schema; lengths count Unicode code points, as the API does."""
    result = {"type": "string"}
    if min_length is not None:
        result["minLength"] = min_length
    if max_length is not None:
        result["maxLength"] = max_length
    result.update(extra)
    return result


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PORT = r"0*(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"


def url_pattern(schemes):
    """The URLs the API accepts (AgoraCore `Validator.isURL`), exactly, as a regex: one of
    `schemes` (any case), `://`, then `localhost` or a dotted hostname (labels of 1-63 letters,
    digits and inner hyphens; the last not all digits), an optional port 1-65535, and an optional
    path/query/fragment without spaces or control characters. Exact in both directions, so the
    fuzzer's valid URLs are accepted and its invalid ones refused."""
    scheme = "(?:" + "|".join("".join(f"[{c.upper()}{c}]" for c in name) for name in schemes) + ")"
    return (rf"^{scheme}://(?:localhost|(?:{_LABEL}\.)+(?![0-9]+(?:[:/?#]|$)){_LABEL})(?::{_PORT})?"
            r"(?:[/?#][^\x00-\x20\x7f]*)?$")


def nullable(value):
    """`value` or JSON null."""
    return {"anyOf": [value, {"type": "null"}]}


def strict_object(properties, required=None, **extra):
    """A response object: every property present (unless `required` says otherwise), no others."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(properties) if required is None else list(required),
        "properties": properties,
        **extra,
    }


def request_object(properties, required=(), **extra):
    """A request body object. Unknown fields are ignored by the API, so they are allowed here."""
    result = {"type": "object", "properties": properties, **extra}
    if required:
        result["required"] = list(required)
    return result


# --- shared schemas -------------------------------------------------------------------------

ERROR_CODES = {
    400: ["invalid_json", "validation_failed"],
    401: ["not_authenticated", "token_invalid", "token_expired"],
    403: ["forbidden"],
    404: ["not_found"],
    405: ["method_not_allowed"],
    409: ["conflict"],
    413: ["payload_too_large"],
    415: ["unsupported_media_type"],
    429: ["rate_limited"],
    500: ["internal_error"],
    502: ["service_unavailable"],
    503: ["service_unavailable"],
    504: ["gateway_timeout"],
}

SCHEMAS = {
    "Error": strict_object(
        {
            "error": strict_object(
                {
                    "status": {"type": "integer", "minimum": 400, "maximum": 599,
                               "description": "The HTTP status, repeated."},
                    "code": {"type": "string", "enum": sorted({c for codes in ERROR_CODES.values() for c in codes}
                                                              | {"invalid_credentials"}),
                             "description": "Stable machine-readable code (API.md section 1)."},
                    "message": string(1, description="A client-safe sentence; never SQL, paths or traces."),
                    "fields": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": {"type": "string"},
                        "description": "Only for field errors: one message per field, keyed by the field as sent "
                                       "(`limit`, `social_links`, ...). Messages follow Django REST Framework's wording.",
                    },
                    "request_id": string(pattern=REQUEST_ID_PATTERN,
                                         description="Equals the `X-Request-ID` response header."),
                },
                required=["status", "code", "message", "request_id"],
            )
        },
        description="The error envelope: the body of every 4xx and 5xx response.",
        examples=[{"error": {"status": 400, "code": "validation_failed", "message": "One or more fields are invalid.",
                             "fields": {"email": "Enter a valid email address."},
                             "request_id": "0b6e2c9ae4a64c4f9d1e0f3c6a7b8c9d"}}],
    ),
    "Timestamp": TIMESTAMP,
    "PublicUser": strict_object(
        {"id": ID, "username": string(1)},
        description="A user as others see them: in lists and as `author`, `instructor`, `sender`, ...",
        examples=[{"id": 42, "username": "alice"}],
    ),
}

# --- headers --------------------------------------------------------------------------------

HEADERS = {
    "X-Request-ID": {
        "description": "The client's `X-Request-ID` when it is 1-128 characters of `A-Z a-z 0-9 - _ . :`, "
                       "else one the server made. Sent on every response.",
        "required": True,
        "schema": string(pattern=REQUEST_ID_PATTERN),
    },
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    },
    "Allow": {
        "description": "The methods the path serves, comma-separated.",
        "required": True,
        "schema": string(1, examples=["GET, PUT, PATCH"]),
    },
    "WWW-Authenticate": {
        "description": "`Bearer`, with `error=\"invalid_token\"` when a token was sent but refused.",
        "required": True,
        "schema": string(pattern="^Bearer", examples=['Bearer error="invalid_token"']),
    },
}

_REQUEST_ID_HEADER = {"X-Request-ID": ref("headers", "X-Request-ID")}

# --- responses ------------------------------------------------------------------------------

_ERRORS = {
    400: ("BadRequest", "Invalid request: `invalid_json` (the body is not JSON or not an object) or "
                        "`validation_failed` (a field is missing, of the wrong type or out of range; `fields` "
                        "names each one).", ()),
    401: ("Unauthorized", "No token where one is required (`not_authenticated`), or a token that is malformed, "
                          "badly signed, of the wrong type, revoked or of a deleted user (`token_invalid`), or "
                          "expired (`token_expired`). A token that is sent is checked on every operation, public "
                          "ones included.", ("WWW-Authenticate",)),
    403: ("Forbidden", "Authenticated, but not allowed to do this (`forbidden`).", ()),
    404: ("NotFound", "An id in the path does not exist, or is private to others (`not_found`). Path ids "
                      "that are not canonical positive integers (`01`, `+1`, `2^64`) are 404 too.", ()),
    405: ("MethodNotAllowed", "The path does not serve this method (`method_not_allowed`).", ("Allow",)),
    409: ("Conflict", "A duplicate or a state rule (`conflict`).", ()),
    413: ("PayloadTooLarge", "The JSON body is larger than 1 MiB (`payload_too_large`).", ()),
    415: ("UnsupportedMediaType", "A non-empty body that is not `application/json` (`unsupported_media_type`).", ()),
    429: ("TooManyRequests", "Too many requests from this client (`rate_limited`); wait `Retry-After` seconds.",
           ("Retry-After",)),
    500: ("InternalError", "An unexpected failure (`internal_error`); details are logged, never sent.", ()),
    502: ("BadGateway", "The function is not running (`service_unavailable`), answered by the gateway.",
           ("Retry-After",)),
    503: ("ServiceUnavailable", "The database cannot be reached (`service_unavailable`).", ("Retry-After",)),
    504: ("GatewayTimeout", "The function took longer than its request timeout (`gateway_timeout`), answered "
                           "by the gateway.", ()),
}


def error_schema(status, codes=None):
    """The envelope narrowed to one status and its codes."""
    return {
        "allOf": [
            schema("Error"),
            {"properties": {"error": {"properties": {
                "status": {"const": status},
                "code": {"enum": list(codes or ERROR_CODES[status])},
            }}}},
        ]
    }


def error_response(status, description=None, codes=None, example_code=None, fields=None):
    """An error response of `status`: the envelope, `X-Request-ID` and the status's own headers."""
    name, default_description, header_names = _ERRORS[status]
    codes = list(codes or ERROR_CODES[status])
    headers = dict(_REQUEST_ID_HEADER)
    for header in header_names:
        headers[header] = ref("headers", header)
    example = {"status": status, "code": example_code or codes[0], "message": _EXAMPLE_MESSAGES[status],
               "request_id": "0b6e2c9ae4a64c4f9d1e0f3c6a7b8c9d"}
    if fields:
        example["fields"] = fields
    return {
        "description": description or default_description,
        "headers": headers,
        "content": {"application/json": {"schema": error_schema(status, codes), "example": {"error": example}}},
    }


_EXAMPLE_MESSAGES = {
    400: "One or more fields are invalid.",
    401: "Authentication credentials were not provided.",
    403: "You do not have permission to perform this action.",
    404: "Not found.",
    405: "Method not allowed.",
    409: "An account with these details already exists.",
    413: "The request body is too large.",
    415: "Unsupported media type; send application/json.",
    429: "Too many requests; try again later.",
    500: "An internal error occurred.",
    502: "The service is temporarily unavailable.",
    503: "The service is temporarily unavailable.",
    504: "The request took too long.",
}

RESPONSES = {name: error_response(status) for status, (name, _, _) in _ERRORS.items()}


def json_response(description, body_schema, example=None):
    """A JSON success response."""
    media = {"schema": body_schema}
    if example is not None:
        media["example"] = example
    return {"description": description, "headers": dict(_REQUEST_ID_HEADER), "content": {"application/json": media}}


def no_content(description):
    """A 204 response: no body."""
    return {"description": description, "headers": dict(_REQUEST_ID_HEADER)}


def json_body(body_schema, example=None, description=None):
    """A JSON request body. Never `required`: an empty body counts as `{}` (API.md 12)."""
    media = {"schema": body_schema}
    if example is not None:
        media["example"] = example
    body = {"required": False, "content": {"application/json": media}}
    if description:
        body["description"] = description
    return body


# --- parameters and pagination --------------------------------------------------------------


def path_id(name="id", description="The id."):
    """A path id: a canonical positive 64-bit integer (anything else is 404)."""
    return {"name": name, "in": "path", "required": True, "description": description, "schema": ID}


def query(name, description, value_schema=None):
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": value_schema or {"type": "string"}}


def limit_param(default=20, maximum=100):
    """`?limit=`: an integer in 1..maximum; anything else is 400 on `limit`."""
    if (default, maximum) == (20, 100):
        return ref("parameters", "limit")
    return query("limit", f"Page size, 1-{maximum} (default {default}); anything else is 400 `validation_failed` "
                          "on `limit`.", {"type": "integer", "minimum": 1, "maximum": maximum, "default": default})


PARAMETERS = {
    "limit": query("limit", "Page size, 1-100 (default 20); anything else is 400 `validation_failed` on `limit`.",
                   {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
    "cursor": query("cursor", "The opaque position from a previous page's `next`. Cursors are signed: an edited "
                              "one is 400 `validation_failed` on `cursor`."),
}

PAGINATION = [ref("parameters", "limit"), ref("parameters", "cursor")]
"""The parameters of every cursor-paginated list."""


def page_of(item_schema):
    """`{results, next}`: one page of a cursor-paginated list (like DRF's CursorPagination, no `count`)."""
    return strict_object({
        "results": {"type": "array", "items": item_schema},
        "next": {"type": ["string", "null"], "pattern": "^/api/",
                 "description": "Relative path of the next page (repeats `limit` and the filters), "
                                "`null` on the last page."},
    })


SECURITY_SCHEMES = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An access token from `POST /api/auth/login/`, `/register/` or `/refresh/` (JWT, HS256, "
                       "`typ=access`, valid 15 minutes). Refresh and stream tokens are refused here.",
    }
}

# --- operations -----------------------------------------------------------------------------

_ALWAYS = (401, 429, 500, 502, 503, 504)
_WITH_BODY = (400, 413, 415)


def operation(*, operation_id, summary, tag, auth, responses, description="", parameters=(), body=None,
              errors=()):
    """One operation with every error it can return.

    auth: REQUIRED or OPTIONAL. Both document 401: a token that is sent is always checked.
    responses: the success responses, `{status: json_response(...) | no_content(...)}`.
    body: from `json_body()`; adds 400, 413 and 415.
    errors: the operation's own errors, either statuses (`(403, 409)`) or `{status: description}`,
        `{status: error_response(...)}` when the codes or example differ from the shared ones.
        A path parameter adds 404.
    """
    statuses = dict.fromkeys(_ALWAYS)
    if body is not None:
        statuses.update(dict.fromkeys(_WITH_BODY))
    if any(isinstance(p, dict) and p.get("in") == "path" for p in parameters):
        statuses[404] = None
    statuses.update(errors if isinstance(errors, dict) else dict.fromkeys(errors))
    result = {
        "operationId": operation_id,
        "summary": summary,
        "tags": [tag],
        "security": auth,
    }
    if description:
        result["description"] = description
    if parameters:
        result["parameters"] = list(parameters)
    if body is not None:
        result["requestBody"] = body
    all_responses = {str(status): response for status, response in responses.items()}
    for status in sorted(statuses):
        detail = statuses[status]
        if isinstance(detail, dict):
            all_responses[str(status)] = detail
        elif isinstance(detail, str):
            all_responses[str(status)] = error_response(status, detail)
        else:
            all_responses[str(status)] = ref("responses", _ERRORS[status][0])
    result["responses"] = all_responses
    return result
