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
