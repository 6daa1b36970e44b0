public import AgoraCore

/// Hashing a new password failed inside libargon2 (in practice only when memory runs out).
public struct PasswordHashError: Error, Sendable, Equatable, APIErrorConvertible, CustomStringConvertible {
    /// The libargon2 error code.
    public let code: Int32

    /// Always a 500: nothing about the password is the client's fault here.
    public var apiError: APIError { .internalError }

    /// For logs: the libargon2 error code only, never the password.
    public var description: String { "argon2 error \(code)" }
}
