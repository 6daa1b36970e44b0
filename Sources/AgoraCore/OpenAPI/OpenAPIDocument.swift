/// The OpenAPI 3.1 document: what every operation shares (the error envelope, headers, the
/// pagination parameters, bearer security), each route's operation built from its declaration,
/// and the merge of the functions' fragments into one document.
public enum OpenAPIDocument {
    static let requestIDPattern = "^[A-Za-z0-9._:-]{1,128}$"

    /// The `headers` member of every response: `X-Request-ID`, and the worker's `traceparent`.
    public static let identityHeaders: JSON = ["X-Request-ID": ["$ref": "#/components/headers/X-Request-ID"],
                                               "traceparent": ["$ref": "#/components/headers/traceparent"]]

    /// The error codes each status may carry.
    static let errorCodes: [(Int, String, [String], String)] = [
        (400, "BadRequest", ["invalid_json", "validation_failed", "token_invalid"],
         "Invalid request: `invalid_json` (the body is not JSON or not an object) or `validation_failed` (a field is missing, of the wrong type or out of range; `fields` names each one; or an `Idempotency-Key` that is not 1-255 visible ASCII characters)."),
        (401, "Unauthorized", ["not_authenticated", "token_invalid", "token_expired", "invalid_credentials"],
         "No token where one is required (`not_authenticated`), or a token that is malformed, badly signed, of the wrong type, revoked or of a deleted user (`token_invalid`), or expired (`token_expired`). A token that is sent is checked on every operation, public ones included."),
        (403, "Forbidden", ["forbidden"], "Authenticated, but not allowed to do this (`forbidden`)."),
        (404, "NotFound", ["not_found"],
         "An id in the path does not exist, or is private to others (`not_found`). Path ids that are not canonical positive integers (`01`, `+1`, `2^64`) are 404 too."),
        (405, "MethodNotAllowed", ["method_not_allowed"], "The path does not serve this method (`method_not_allowed`)."),
        (409, "Conflict", ["conflict", "idempotency_in_progress"], "A duplicate or a state rule (`conflict`); on a creating POST, also a repeat of an `Idempotency-Key` whose first request is still running (`idempotency_in_progress`)."),
        (413, "PayloadTooLarge", ["payload_too_large"], "The JSON body is larger than 1 MiB (`payload_too_large`)."),
        (414, "URITooLong", ["uri_too_long"], "The path and query are longer than the gateway reads (8 KiB) (`uri_too_long`), answered by the gateway."),
        (422, "UnprocessableContent", ["idempotency_key_reused"],
         "This `Idempotency-Key` was already used by this caller, within 24 hours, with another method, path or body (`idempotency_key_reused`): send a new key for a new request."),
        (415, "UnsupportedMediaType", ["unsupported_media_type"],
         "A non-empty body that is not `application/json` (`unsupported_media_type`)."),
        (429, "TooManyRequests", ["rate_limited"],
         "Too many requests from this client (`rate_limited`); wait `Retry-After` seconds."),
        (431, "HeadersTooLarge", ["headers_too_large"],
         "One request header, or all of them together, is larger than the gateway reads (`headers_too_large`), answered by the gateway."),
        (500, "InternalError", ["internal_error"], "An unexpected failure (`internal_error`); details are logged, never sent."),
        (502, "BadGateway", ["service_unavailable"],
         "The function is not running (`service_unavailable`), answered by the gateway."),
        (503, "ServiceUnavailable", ["service_unavailable"], "The database cannot be reached (`service_unavailable`)."),
        (504, "GatewayTimeout", ["gateway_timeout"],
         "The function took longer than its request timeout (`gateway_timeout`), answered by the gateway."),
    ]

    static let errorHeaders: [Int: [String]] = [401: ["WWW-Authenticate"], 405: ["Allow"], 429: ["Retry-After"],
                                                502: ["Retry-After"], 503: ["Retry-After"]]

    static func responseName(_ status: Int) -> String? {
        errorCodes.first { $0.0 == status }?.1
    }

    /// Errors every operation can return, those of a body, and that of a path id.
    static let always = [401, 414, 429, 431, 500, 502, 503, 504]
    static let withBody = [400, 413, 415]

    /// The `Idempotency-Key` request header of every creating POST (one that documents a 201).
    public static let idempotencyParameter: JSON = ["$ref": "#/components/parameters/Idempotency-Key"]

    static let idempotencyInProgress =
        "`idempotency_in_progress`: the first request with this `Idempotency-Key` is still running; retry it later."

    /// The operation of one route.
    public static func operation(method: String, template: String, authRequired: Bool, doc: OperationDoc) -> JSON {
        // A creating POST takes an Idempotency-Key: 400 for a malformed one, 409 while its first
        // request runs, 422 for its reuse on another request; a replayed answer says so in a header.
        let idempotent = method == "POST" && doc.createsResource
        var result: [String: JSON] = [
            "operationId": .string(doc.id),
            "summary": .string(doc.summary),
            "security": authRequired ? [["bearerAuth": []]] : [[:], ["bearerAuth": []]],
        ]
        if !doc.description.isEmpty { result["description"] = .string(doc.description) }
        var parameters = doc.parameters.map(\.json)
        let declared = Set(doc.parameters.filter(\.isPath).compactMap { $0.json["name"]?.stringValue })
        for name in pathParameters(template) where !declared.contains(name) {
            parameters.insert(ParameterDoc.path(name, "The id.").json, at: 0)
        }
        if idempotent { parameters.append(idempotencyParameter) }
        if !parameters.isEmpty { result["parameters"] = .array(parameters) }
        var statuses = Set(always)
        if idempotent { statuses.formUnion([400, 409, 422]) }
        if let body = doc.body {
            statuses.formUnion(withBody)
            let schema = body.schema(partial: doc.partialBody)
            var media: [String: JSON] = ["schema": schema]
            if let example = doc.bodyExample { media["example"] = example }
            var content: [String: JSON] = doc.otherBodies
            content["application/json"] = .object(media)
            var requestBody: [String: JSON] = [
                // An empty body counts as `{}`: a body is required when `{}` would be refused.
                "required": .bool(schema["required"] != nil),
                "content": .object(content),
            ]
            if let description = doc.bodyDescription { requestBody["description"] = .string(description) }
            result["requestBody"] = .object(requestBody)
        }
        if !pathParameters(template).isEmpty { statuses.insert(404) }
        var responses: [String: JSON] = [:]
        for response in doc.responses {
            var json = response.json
            if idempotent, (200..<300).contains(response.status), var object = json.objectValue {
                var headers = object["headers"]?.objectValue ?? [:]
                headers["Idempotent-Replayed"] = ["$ref": "#/components/headers/Idempotent-Replayed"]
                object["headers"] = .object(headers)
                json = .object(object)
            }
            responses[String(response.status)] = json
        }
        var own: [Int: ErrorDoc] = [:]
        for error in doc.errors { own[error.status] = error }
        if idempotent {
            let conflict = own[409]?.description.map { $0 + " Or " + idempotencyInProgress } ?? idempotencyInProgress
            own[409] = ErrorDoc(409, conflict, codes: own[409]?.codes, fields: own[409]?.fields)
        }
        for status in statuses.union(own.keys).sorted() {
            guard let name = responseName(status) else { continue }
            var reference: [String: JSON] = ["$ref": .string("#/components/responses/\(name)")]
            if let description = own[status]?.description { reference["description"] = .string(description) }
            responses[String(status)] = .object(reference)
        }
        result["responses"] = .object(responses)
        return .object(result)
    }

    /// The `{name}` parameters of a path template, in order.
    static func pathParameters(_ template: String) -> [String] {
        template.split(separator: "/").compactMap { part in
            part.first == "{" && part.last == "}" ? String(part.dropFirst().dropLast()) : nil
        }
    }

    /// One function's part of the document: `{tag, schemas, paths}`.
    public static func fragment(tag: String, description: String, schemas: [String: JSON],
                                operations: [(method: String, template: String, operation: JSON)]) -> JSON {
        var paths: [String: JSON] = [:]
        for entry in operations {
            var item = paths[entry.template]?.objectValue ?? [:]
            var operation = entry.operation.objectValue ?? [:]
            operation["tags"] = [.string(tag)]
            item[entry.method.lowercased()] = .object(operation)
            paths[entry.template] = .object(item)
        }
        return ["tag": ["name": .string(tag), "description": .string(description)], "schemas": .object(schemas),
                "paths": .object(paths)]
    }

    /// The whole document from the functions' fragments, in the order given.
    /// - Throws: a message when two fragments define one operation or one schema differently.
    public static func document(_ fragments: [JSON]) throws(DocumentError) -> JSON {
        var schemas = sharedSchemas
        var paths: [String: JSON] = [:]
        var tags: [JSON] = []
        for fragment in fragments {
            if let tag = fragment["tag"] { tags.append(tag) }
            for (name, schema) in fragment["schemas"]?.objectValue ?? [:] {
                if let existing = schemas[name], existing != schema {
                    throw DocumentError(description: "schema \(name) is defined twice, differently")
                }
                schemas[name] = schema
            }
            for (path, item) in fragment["paths"]?.objectValue ?? [:] {
                var merged = paths[path]?.objectValue ?? [:]
                for (method, operation) in item.objectValue ?? [:] {
                    if merged[method] != nil {
                        throw DocumentError(description: "\(method.uppercased()) \(path) is defined twice")
                    }
                    merged[method] = operation
                }
                paths[path] = .object(merged)
            }
        }
        var responses: [String: JSON] = [:]
        for (status, name, _, description) in errorCodes {
            var headers = identityHeaders.objectValue ?? [:]
            for header in errorHeaders[status] ?? [] { headers[header] = ["$ref": .string("#/components/headers/\(header)")] }
            responses[name] = ["description": .string(description), "headers": .object(headers),
                               "content": ["application/json": ["schema": Schema.ref("Error")]]]
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "Agora API", "version": "1.0.0", "description": .string(description)],
            "servers": [["url": "/", "description": "This server (same origin)"]],
            "tags": .array(tags),
            "paths": .object(paths),
            "components": [
                "schemas": .object(schemas),
                "parameters": parameters,
                "headers": headers,
                "responses": .object(responses),
                "securitySchemes": [
                    "bearerAuth": [
                        "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                        "description": "An access token from `POST /api/auth/login/`, `/register/` or `/refresh/` (JWT, HS256, `typ=access`, valid 15 minutes). Refresh and stream tokens are refused here.",
                    ],
                ],
            ],
        ]
    }

    /// The envelope: one `Error` type for every error response. The codes a status may carry
    /// are tied to it by `if`/`then`, so a conformance check stays exact while a generated
    /// client sees a single type.
    static var sharedSchemas: [String: JSON] {
        var allCodes = Set<String>()
        var conditions: [JSON] = []
        for (status, _, codes, _) in errorCodes {
            allCodes.formUnion(codes)
            conditions.append([
                "if": ["properties": ["status": ["enum": [.int(Int64(status))]]]],
                "then": ["properties": ["code": ["enum": .array(codes.map { .string($0) })]]],
            ])
        }
        let envelope = Schema.object([
            ("status", ["type": "integer", "minimum": 400, "maximum": 599, "description": "The HTTP status, repeated."]),
            ("code", ["type": "string", "enum": .array(allCodes.sorted().map { .string($0) }),
                      "description": "Stable machine-readable code (see the table in the description)."]),
            ("message", Schema.string(1, description: "A client-safe sentence; never SQL, paths or traces.")),
            ("fields", ["type": "object", "minProperties": 1, "additionalProperties": ["type": "string"],
                        "description": "Only for field errors: one message per field, keyed by the field as sent (`limit`, `social_links`, ...). Messages follow Django REST Framework's wording."]),
            ("request_id", Schema.string(pattern: requestIDPattern, description: "Equals the `X-Request-ID` response header.")),
        ], required: ["status", "code", "message", "request_id"])
        var error = envelope.objectValue ?? [:]
        error["allOf"] = .array(conditions)
        return [
            "Error": Schema.object([("error", .object(error))],
                                   description: "The error envelope: the body of every 4xx and 5xx response.",
                                   example: ["error": ["status": 400, "code": "validation_failed",
                                                       "message": "One or more fields are invalid.",
                                                       "fields": ["email": "Enter a valid email address."],
                                                       "request_id": "0b6e2c9ae4a64c4f9d1e0f3c6a7b8c9d"]]),
            "Timestamp": ["type": "string", "format": "date-time",
                          "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$",
                          "description": "RFC 3339 UTC with exactly three fractional digits and `Z`, set by the server.",
                          "examples": ["2026-11-29T10:15:30.123Z"]],
            "PublicUser": Schema.object([("id", Schema.id), ("username", Schema.string(1))],
                                        description: "A user as others see them: in lists and as `author`, `instructor`, `sender`, ...",
                                        example: ["id": 42, "username": "alice"]),
        ]
    }

    static let parameters: JSON = [
        "Idempotency-Key": ["name": "Idempotency-Key", "in": "header", "required": false,
                            "description": "Makes a retry of this request safe: a unique value per intended request (a UUID), 1-255 visible ASCII characters (else 400 `validation_failed`). Within 24 hours, a repeat by the same caller with the same key, method, path and body gets the kept answer again, with `Idempotent-Replayed: true`, and changes nothing; the same key on another request is 422 `idempotency_key_reused`; a repeat while the first is still running is 409 `idempotency_in_progress`. See *Idempotent retries* in the description.",
                            "schema": ["type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"]],
        "limit": ["name": "limit", "in": "query", "required": false,
                  "description": "Page size, 1-100 (default 20); anything else is 400 `validation_failed` on `limit`.",
                  "schema": ["type": "integer", "minimum": 1, "maximum": 100, "default": 20]],
        "cursor": ["name": "cursor", "in": "query", "required": false,
                   "description": "The opaque position from a previous page's `next`. Cursors are signed: an edited one is 400 `validation_failed` on `cursor`; an empty one is no cursor.",
                   "schema": ["type": "string"]],
    ]

    static let headers: JSON = [
        "Idempotent-Replayed": ["description": "`true` on the kept answer of an earlier request with the same `Idempotency-Key`, sent again: the operation did not run again.",
                                "required": false, "schema": ["type": "string", "enum": ["true"]]],
        "X-Request-ID": ["description": "The client's `X-Request-ID` when it is 1-128 characters of `A-Z a-z 0-9 - _ . :`, else one the server made. Sent on every response.",
                         "required": true, "schema": Schema.string(pattern: requestIDPattern)],
        "traceparent": ["description": "W3C Trace Context: `00-<trace-id>-<span-id>-<flags>`, the trace of the request's valid `traceparent` header (else a new one) with the span of the worker that answered. Not on answers the gateway gives itself (414, 431, 429, 502, 504).",
                        "required": false, "schema": Schema.string(pattern: "^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")],
        "Retry-After": ["description": "Seconds to wait before trying again.", "required": true,
                        "schema": ["type": "integer", "minimum": 1]],
        "Allow": ["description": "The methods the path serves, comma-separated.", "required": true,
                  "schema": Schema.string(1)],
        "WWW-Authenticate": ["description": "`Bearer`, with `error=\"invalid_token\"` when a token was sent but refused.",
                             "required": true, "schema": Schema.string(pattern: "^Bearer")],
    ]

    /// The document's own description: the conventions every operation follows.
    static let description = """
    The API of Agora. Every endpoint group is its own function behind one gateway; this document is
    generated from the route declarations of the functions that `functions.json` lists, the same
    declarations that route and validate every request.

    **Conventions.** JSON in and out (`application/json; charset=utf-8`). Every path ends with `/`; the
    same path without it is served identically (no redirect). Ids are positive 64-bit integers; path
    ids that are not canonical (`01`, `+1`) are 404. Timestamps are RFC 3339 UTC with milliseconds
    (`2026-11-29T10:15:30.123Z`). Every response carries `X-Request-ID` (the client's own when it is
    1-128 characters of `A-Z a-z 0-9 - _ . :`). Every 4xx/5xx body is the `Error` envelope.
    A W3C Trace Context `traceparent` request header is continued: the response's `traceparent` keeps
    its trace id with the answering worker's span id, and the trace id is logged; a missing or
    malformed one starts a new trace (never an error).

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

    **Idempotent retries.** Every `POST` that creates something (documents a 201) accepts an
    `Idempotency-Key` header (1-255 visible ASCII characters, such as a UUID; anything else is 400),
    as in the IETF httpapi draft and Stripe's API. The first request with a key runs, and its answer
    (status, headers, body) is kept for 24 hours per caller (the user, or the client address when
    anonymous), in the same database transaction as the operation's own writes: a request that
    failed or was cut short kept nothing and changed nothing, so its retry runs afresh, and one that
    committed is never run twice. A repeat with the same key, method, path and body gets the kept
    answer again with `Idempotent-Replayed: true` and changes nothing; the same key with another
    method, path or body is 422 `idempotency_key_reused`; a repeat while the first request is
    still running is 409 `idempotency_in_progress`. Only successful (2xx) answers are kept: an
    error answer (4xx, 5xx) created nothing, so a retry with the same key runs again (and may
    succeed once the cause is fixed); 409 `idempotency_in_progress` and 5xx are never kept. The
    path counts with or without its trailing slash; the body counts byte for byte (a multipart
    upload must be resent with the same boundary). The key is checked right after authentication,
    before the path ids and the body. Without the header, nothing changes.

    **Gateway limits.** A request line (method, path and query) longer than 8 KiB is 414
    `uri_too_long`; a header line longer than 8 KiB, or more than 32 KiB of headers, is 431
    `headers_too_large`; a `Transfer-Encoding` other than `chunked` is 501 `not_implemented`; an HTTP
    version other than 1.0 and 1.1 is 505 `http_version_not_supported`; a request nginx cannot parse
    is 400 `validation_failed`. All in the same envelope. A client that sends its headers or body
    too slowly (60 s between two reads) has its connection closed: nginx never answers 408.
    """
}

/// Why fragments cannot be merged.
public struct DocumentError: Error, CustomStringConvertible {
    public let description: String
}
