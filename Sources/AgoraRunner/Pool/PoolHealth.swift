/// Whether a function's workers can be started, as the crash-storm breaker sees it.
enum PoolHealth: Equatable {
    case running
    /// Tripped: no worker is started until the given time.
    case failed(retryAt: Double)
    /// One trial worker after the cool-down; back to running when it reports ready.
    case probing

    var name: String {
        switch self {
        case .running: "running"
        case .failed: "failed"
        case .probing: "recovering"
        }
    }
}
