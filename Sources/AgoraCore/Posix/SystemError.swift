internal import Glibc

/// A failed system call, with the `errno` it left behind.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call that failed, with enough context to act on (`bind /run/agora/x.sock`).
    public let call: String
    /// The `errno` value.
    public let code: Int32

    /// Captures the current `errno`.
    public init(_ call: String) {
        self.init(call, code: errno)
    }

    /// A failure with a known error number (`posix_spawn` returns its error instead of setting `errno`).
    public init(_ call: String, code: Int32) {
        self.call = call
        self.code = code
    }

    /// `call: strerror(code)`.
    public var description: String { "\(call): \(String(cString: strerror(code)))" }
}
