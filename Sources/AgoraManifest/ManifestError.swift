/// Why `functions.json` cannot be used: one line naming the file, the function and the setting.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The complete message, e.g. `functions.json: function "auth": pool.max_workers must be ...`.
    public let message: String

    /// An error with its complete message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
