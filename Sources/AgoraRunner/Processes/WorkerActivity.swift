/// What a worker is doing, as far as its status pipe told the runner.
enum WorkerActivity: Equatable {
    /// Spawned, has not written `R` yet.
    case starting
    /// Waiting in `accept` since the given time.
    case idle(since: Double)
    /// Serving a request that began at the given time.
    case busy(method: String, route: String, since: Double)
}
