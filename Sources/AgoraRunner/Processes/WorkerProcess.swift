import Glibc

/// One worker process of a function, with the runner's ends of its pipes.
final class WorkerProcess {
    /// One of the pipes the worker writes to.
    struct Pipe {
        enum Kind: String { case stdout, stderr, status }
        let kind: Kind
        var fd: Int32
        var buffer = LineBuffer()
    }

    let pid: pid_t
    let generation: Int
    let startedAt: Double
    /// Requests after which the worker is recycled (`max_requests` plus jitter); `nil` for never.
    let quota: Int?
    var activity: WorkerActivity = .starting
    var retireReason: RetireReason?
    /// When a retiring worker still alive gets SIGKILL.
    var killAt: Double?
    /// Asked to go, SIGTERM not sent yet: waiting for a moment it cannot cut a request short.
    var termRequestedAt: Double?
    /// When SIGTERM was last sent.
    var lastTermAt: Double?
    /// Seconds from SIGTERM to SIGKILL for this retirement.
    var termGrace: Double = 10
    var requests = 0
    var rssKB: Int?
    var everReady = false
    /// Reaped; removed from its pool at the end of the reap pass.
    var hasExited = false
    /// Whether the current request was already counted as slow.
    var slowCounted = false
    var pipes: [Pipe]
    /// The worker's shared-memory state and counters; what of it the runner has taken in.
    let scoreboard: Scoreboard?
    var seenBegun: UInt64 = 0
    var seenFinished: UInt64 = 0
    var seenSlow: UInt64 = 0
    /// The request (its number, counted from 1) already counted as slow while it ran.
    var slowCountedRequest: UInt64?

    init(spawned: SpawnedWorker, generation: Int, startedAt: Double, quota: Int?) {
        pid = spawned.pid
        self.generation = generation
        self.startedAt = startedAt
        self.quota = quota
        scoreboard = spawned.scoreboard
        pipes = [
            Pipe(kind: .status, fd: spawned.status),
            Pipe(kind: .stdout, fd: spawned.stdout),
            Pipe(kind: .stderr, fd: spawned.stderr),
        ]
    }

    deinit { closePipes() }

    var isRetiring: Bool { retireReason != nil }
    var isStarting: Bool { activity == .starting }
    var isIdle: Bool { if case .idle = activity { return true }; return false }
    var isBusy: Bool { if case .busy = activity { return true }; return false }
    /// Idle and not asked to go: a connection arriving now can be taken by this worker.
    var isAccepting: Bool { isIdle && !isRetiring }

    /// The state name shown in status: starting, idle, busy, or stopping.
    var stateName: String {
        if isRetiring { return "stopping" }
        switch activity {
        case .starting: return "starting"
        case .idle: return "idle"
        case .busy: return "busy"
        }
    }

    /// Signals the process, unless it was reaped (its pid may belong to another process by now).
    func signal(_ number: Int32) {
        guard !hasExited else { return }
        kill(pid, number)
    }

    func closePipes() {
        for index in pipes.indices where pipes[index].fd >= 0 {
            close(pipes[index].fd)
            pipes[index].fd = -1
        }
    }
}
