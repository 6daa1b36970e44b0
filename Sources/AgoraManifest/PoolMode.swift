/// How a function's pool sizes itself, in PHP-FPM's vocabulary.
public enum PoolMode: String, Sendable, CaseIterable {
    /// Exactly `max_workers` workers, always.
    case `static`
    /// Between the spare bounds, up to `max_workers`.
    case dynamic
    /// No worker until a connection waits; idle workers stop after `idle_timeout`.
    case ondemand
}
