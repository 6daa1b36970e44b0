/// One function of the manifest: its name, what it does, and its pool.
public struct FunctionSpec: Sendable, Equatable {
    /// The key in `functions.json`; the binary is `agora-<name>`.
    public let name: String
    /// One line saying what the function owns (`description`; empty when not given).
    public let description: String
    /// The pool settings with the defaults merged in.
    public let pool: PoolConfig
    /// The system user its workers run as when the runner is root (`user`, else the defaults'
    /// `user`); nil: the runner's own user.
    public let user: String?

    /// A function with its merged pool settings.
    public init(name: String, description: String = "", pool: PoolConfig, user: String? = nil) {
        self.name = name
        self.description = description
        self.pool = pool
        self.user = user
    }
}
