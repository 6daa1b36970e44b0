/// One function of the manifest as the runner sees it: a name and a pool.
public struct FunctionSpec: Sendable, Equatable {
    /// The key in `functions.json`; the worker binary is `agora-<name>`.
    public let name: String
    /// The pool settings with the defaults merged in.
    public let pool: PoolConfig

    /// A function with its merged pool settings.
    public init(name: String, pool: PoolConfig) {
        self.name = name
        self.pool = pool
    }
}
