/// Running totals of one function since the runner started (kept across reloads).
struct PoolCounters {
    /// Requests workers started (`B` lines).
    var accepted = 0
    /// Times every worker was busy with the pool at `max_workers`.
    var maxChildrenReached = 0
    var slowRequests = 0
    /// Workers that died without being asked to, and were replaced.
    var restarts = 0
    /// Workers retired for `max_requests` or `max_memory_mb`.
    var recycles = 0
    /// Workers killed for `request_timeout`.
    var timeouts = 0
    /// Workers that died before reporting ready, or could not be spawned.
    var startFailures = 0
    /// Times the crash-storm breaker tripped.
    var breakerTrips = 0
}
