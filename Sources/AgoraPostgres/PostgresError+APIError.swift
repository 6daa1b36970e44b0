public import AgoraCore

extension PostgresError: APIErrorConvertible {
    /// The client-facing form: constraint and data errors are 4xx, transient failures 503 with
    /// `Retry-After`, anything else a 500 whose detail stays in the logs.
    public var apiError: APIError {
        switch code {
        case .connectionFailed, .connectionClosed:
            return .serviceUnavailable(retryAfter: 2)
        case .invalidParameter:
            return .badRequest("A value contains a character that cannot be stored.")
        case .server:
            break
        default:
            return .internalError
        }
        guard let sqlState else { return .internalError }
        switch sqlState {
        case "23505":
            return .conflict("A resource with these values already exists.")
        case "23503":
            return .badRequest("A referenced resource does not exist or is still referenced.")
        case "23514":
            return .badRequest("A value is outside the allowed range.")
        case "22P02", "22P05", "22003", "22001", "22007", "22008", "22021":
            return .badRequest("A value has an invalid format or is out of range.")
        case "40001", "40P01":
            return .serviceUnavailable(retryAfter: 1)
        case "57P01", "57P02", "57P03", "53300":
            return .serviceUnavailable(retryAfter: 2)
        default:
            return sqlState.hasPrefix("08") ? .serviceUnavailable(retryAfter: 2) : .internalError
        }
    }
}
