/// What a worker is doing, as far as its status pipe told the runner.
enum WorkerActivity: Equatable {
    /// Spawned, has not written `R` yet.
    case starting
    /// Waiting in `accept` since the given time.
    case idle(since: Double)
    /// Serving a request that began at the given time.
    case busy(method: String, route: String, since: Double)
}

/// Why the runner asked a worker to go; `nil` on a worker means it died on its own.
enum RetireReason: String {
    case maxRequests = "max_requests"
    case maxMemory = "max_memory"
    case shrink
    case idleTimeout = "idle_timeout"
    case reload
    case removed
    case stop
    case startTimeout = "start_timeout"
    case requestTimeout = "request_timeout"

    /// Reasons that end the worker with SIGKILL at once instead of SIGTERM and a grace period.
    var killsAtOnce: Bool { self == .startTimeout || self == .requestTimeout }
}
