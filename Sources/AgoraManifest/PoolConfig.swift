import AgoraCore

/// The scaling and limit settings of one function's pool (`pool` in `functions.json`).
public struct PoolConfig: Sendable, Equatable {
    /// `static`, `dynamic` or `ondemand`.
    public var mode: PoolMode = .dynamic
    /// The most workers the pool runs (PHP-FPM's `pm.max_children`).
    public var maxWorkers = 4
    /// Workers a `dynamic` pool starts with.
    public var startWorkers = 1
    /// Idle workers below which a `dynamic` pool starts more.
    public var minSpare = 1
    /// Idle workers above which a `dynamic` pool stops some (one per second).
    public var maxSpare = 2
    /// Seconds an `ondemand` worker may stay idle before it is stopped.
    public var idleTimeout: Double = 10
    /// Requests before a worker is recycled; 0 means never. 100,000: at full load a worker
    /// serves 1,000–2,000 requests a second, so 10,000 recycled one every few seconds (a start
    /// costs ~10 ms of a core) while `max_memory_mb` already catches a worker that grows.
    public var maxRequests = 100_000
    /// Upper bound of the random number added to `maxRequests` per worker.
    public var maxRequestsJitter = 10_000
    /// Resident memory ceiling, checked by the worker every 8 requests and by the runner each
    /// time it finds that a worker served requests; 0 means none.
    public var maxMemoryMB = 64
    /// Seconds a request may run before its worker is killed.
    public var requestTimeout: Double = 30
    /// Seconds after which a request is logged and counted as slow; 0 turns it off.
    public var slowRequest: Double = 1

    /// The built-in defaults, used for any setting neither `defaults.pool` nor the function sets.
    public init() {}

    /// How many workers the pool starts with.
    public var initialWorkers: Int {
        switch mode {
        case .static: maxWorkers
        case .dynamic: startWorkers
        case .ondemand: 0
        }
    }

    /// The request quota of a new worker: `maxRequests` plus a random jitter, so that workers
    /// started together are not all recycled together. `nil` when recycling is off.
    public func requestQuota(using generator: inout some RandomNumberGenerator) -> Int? {
        guard maxRequests > 0 else { return nil }
        guard maxRequestsJitter > 0 else { return maxRequests }
        return maxRequests + Int.random(in: 0...maxRequestsJitter, using: &generator)
    }

    /// The settings as `functions.json` spells them, for the status document.
    public var json: JSON {
        [
            "mode": .string(mode.rawValue), "max_workers": .int(Int64(maxWorkers)),
            "start_workers": .int(Int64(startWorkers)), "min_spare": .int(Int64(minSpare)),
            "max_spare": .int(Int64(maxSpare)), "idle_timeout": .double(idleTimeout),
            "max_requests": .int(Int64(maxRequests)), "max_requests_jitter": .int(Int64(maxRequestsJitter)),
            "max_memory_mb": .int(Int64(maxMemoryMB)), "request_timeout": .double(requestTimeout),
            "slow_request": .double(slowRequest),
        ]
    }
}
