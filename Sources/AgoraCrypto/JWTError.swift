public import AgoraCore

/// Why a token was refused. Clients see only `token_expired` or `token_invalid`.
public enum JWTError: Error, Sendable, Equatable, APIErrorConvertible {
    /// Not three base64url parts, or a header or payload that is not a JSON object.
    case malformed
    /// The signature does not match the signing input under our secret.
    case badSignature
    /// The header's `alg` is missing or anything other than exactly `HS256`.
    case unsupportedAlgorithm
    /// A valid token of another `typ` than the one expected.
    case wrongType
    /// `exp` has passed.
    case expired
    /// A required claim is missing or mistyped, the issuer is foreign, or `iat` is in the future.
    case invalidClaims

    /// `token_expired` for an expired token, `token_invalid` for everything else.
    public var apiError: APIError {
        switch self {
        case .expired: .tokenExpired
        default: .tokenInvalid()
        }
    }
}
