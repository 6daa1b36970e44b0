/// The one error type that reaches a client. Everything else is converted into it in one place
/// (`APIError.from(_:)`), so every 4xx/5xx body has the one envelope shape (`OpenAPIDocument`'s `Error`).
public struct APIError: Error, Sendable, Equatable {
    public var status: Int
    /// A stable machine-readable code (`validation_failed`, `not_found`, ...).
    public var code: String
    /// A client-safe message: never SQL, paths, tokens or stack traces.
    public var message: String
    /// One message per field, for field errors only.
    public var fields: [String: String]?
    /// Extra response headers (`Allow`, `Retry-After`, `WWW-Authenticate`).
    public var headers: [(String, String)]

    public init(
        status: Int, code: String, message: String, fields: [String: String]? = nil,
        headers: [(String, String)] = []
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.headers = headers
    }

    public static func == (lhs: APIError, rhs: APIError) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.message == rhs.message
            && lhs.fields == rhs.fields && lhs.headers.map { "\($0.0):\($0.1)" } == rhs.headers.map { "\($0.0):\($0.1)" }
    }
}

extension APIError {
    public static func invalidJSON(_ message: String = "The request body is not a JSON object.") -> APIError {
        APIError(status: 400, code: "invalid_json", message: message)
    }
    public static func validation(_ fields: [String: String], message: String = "One or more fields are invalid.") -> APIError {
        APIError(status: 400, code: "validation_failed", message: message, fields: fields.isEmpty ? nil : fields)
    }
    public static func validation(field: String, _ detail: String) -> APIError {
        validation([field: detail])
    }
    /// A validation error not tied to one field.
    public static func badRequest(_ message: String) -> APIError {
        APIError(status: 400, code: "validation_failed", message: message)
    }
    public static let notAuthenticated = APIError(
        status: 401, code: "not_authenticated", message: "Authentication credentials were not provided.",
        headers: [("WWW-Authenticate", "Bearer")])
    public static func tokenInvalid(_ message: String = "The token is invalid.") -> APIError {
        APIError(status: 401, code: "token_invalid", message: message,
                 headers: [("WWW-Authenticate", "Bearer error=\"invalid_token\"")])
    }
    public static let tokenExpired = APIError(
        status: 401, code: "token_expired", message: "The token has expired.",
        headers: [("WWW-Authenticate", "Bearer error=\"invalid_token\"")])
    public static let invalidCredentials = APIError(
        status: 401, code: "invalid_credentials", message: "No active account found with the given credentials.",
        headers: [("WWW-Authenticate", "Bearer")])
    public static func forbidden(_ message: String = "You do not have permission to perform this action.") -> APIError {
        APIError(status: 403, code: "forbidden", message: message)
    }
    public static let notFound = APIError(status: 404, code: "not_found", message: "Not found.")
    public static func methodNotAllowed(allow: [String]) -> APIError {
        APIError(status: 405, code: "method_not_allowed", message: "Method not allowed.",
                 headers: [("Allow", allow.joined(separator: ", "))])
    }
    public static func conflict(_ message: String, fields: [String: String]? = nil) -> APIError {
        APIError(status: 409, code: "conflict", message: message, fields: fields)
    }
    public static let payloadTooLarge = APIError(
        status: 413, code: "payload_too_large", message: "The request body is too large.")
    public static func unsupportedMediaType(_ message: String = "Unsupported media type; send application/json.") -> APIError {
        APIError(status: 415, code: "unsupported_media_type", message: message)
    }
    public static func rateLimited(retryAfter seconds: Int) -> APIError {
        APIError(status: 429, code: "rate_limited", message: "Too many requests; try again later.",
                 headers: [("Retry-After", String(max(1, seconds)))])
    }
    public static let internalError = APIError(
        status: 500, code: "internal_error", message: "An internal error occurred.")
    public static func serviceUnavailable(retryAfter seconds: Int = 5) -> APIError {
        APIError(status: 503, code: "service_unavailable", message: "The service is temporarily unavailable.",
                 headers: [("Retry-After", String(seconds))])
    }
}

/// Errors that know their client-facing form (database errors, crypto errors, ...).
public protocol APIErrorConvertible: Error {
    var apiError: APIError { get }
}

extension APIError {
    /// Maps any error to its client-facing form. Unknown errors become a 500; the caller logs
    /// the original, which is never sent.
    public static func from(_ error: any Error) -> APIError {
        if let error = error as? APIError { return error }
        if let error = error as? any APIErrorConvertible { return error.apiError }
        return .internalError
    }

    /// The envelope body, with the request id the response also carries in `X-Request-ID`.
    public func envelope(requestID: String) -> JSON {
        var body: [String: JSON] = [
            "status": .int(Int64(status)),
            "code": .string(code),
            "message": .string(message),
            "request_id": .string(requestID),
        ]
        if let fields, !fields.isEmpty { body["fields"] = .object(fields.mapValues { .string($0) }) }
        return ["error": .object(body)]
    }
}
