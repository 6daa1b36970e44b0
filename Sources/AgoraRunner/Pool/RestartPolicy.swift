/// When to restart workers that die at start, and when to give up for a while.
///
/// A worker that dies before it reports ready is a start failure. Consecutive start failures of
/// one function are spaced by an exponential backoff; at `breakerThreshold` the function is marked
/// failed (the crash-storm breaker) and left alone for `breakerCooldown`, then one worker is tried.
/// A worker that dies after it was ready is replaced at once: its function can start.
public struct RestartPolicy: Sendable, Equatable {
    /// Delay after the first start failure, doubled for each further one.
    public var baseDelay: Double = 0.1
    /// Ceiling of the backoff delay.
    public var maxDelay: Double = 10
    /// Consecutive start failures that trip the breaker.
    public var breakerThreshold = 5
    /// Seconds a tripped function waits before one worker is tried again.
    public var breakerCooldown: Double = 30
    /// Seconds a worker may take to report ready before it is killed (and counted as failed).
    public var startTimeout: Double = 10

    /// The defaults: 0.1 s doubling to 10 s, breaker at 5 failures for 30 s, 10 s to start.
    public init() {}

    /// The wait before the next start after `failures` consecutive start failures.
    public func delay(afterFailures failures: Int) -> Double {
        guard failures > 0 else { return 0 }
        let exponent = min(failures - 1, 30)
        return min(baseDelay * Double(1 << exponent), maxDelay)
    }

    /// Whether `failures` consecutive start failures trip the breaker.
    public func tripsBreaker(failures: Int) -> Bool {
        failures >= breakerThreshold
    }
}
