import AgoraCore
import AgoraLogging
import Glibc
/// How `agora run` was invoked, plus knobs the tests turn.
public struct RunnerOptions: Sendable {
    /// Path of `functions.json`, re-read on reload.
    public var manifestPath: String
    /// Where `<function>.sock` and `runner.sock` live.
    public var socketDirectory: String
    /// Where the `agora-<function>` binaries are.
    public var binDirectory: String
    /// Run only these functions (all when empty).
    public var only: [String] = []
    /// Seconds workers get to finish their request on stop before SIGKILL.
    public var grace: Double = 10
    /// Backoff, breaker and start timeout.
    public var restart = RestartPolicy()
    /// nginx's group (`--socket-group`): the function sockets are 0660 for it and the socket
    /// folder 0750; workers started by a root runner run with it as their only group. Nil: the
    /// runner's own group.
    public var socketGroup: String?
    /// Extra environment for workers, on top of the runner's own.
    public var environment: [String: String] = [:]
    /// Where the runner's JSON log lines and the workers' forwarded output go.
    public var logSink = LogSink()
    /// Seconds past `request_timeout` before a busy worker is killed (nginx answers 504 first).
    public var timeoutMargin: Double = 1
    /// Seconds a worker recycled for `max_requests`/`max_memory_mb` gets to exit by itself
    /// (it knows its limits from `AGORA_MAX_REQUESTS`/`AGORA_MAX_MEMORY_MB`) before SIGTERM.
    public var selfExitWait: Double = 0.5
    /// Seconds a worker must have been idle to count as quiet (blocked in accept) for SIGTERM.
    public var quietIdle: Double = 0.025
    /// Wait for a quiet moment before a retiring worker may get SIGTERM while busy instead
    /// (three times this: at any moment).
    public var quietWaitLimit: Double = 2
    /// Longest wait of the event loop; timers (timeouts, idle, backoff) fire at this resolution.
    public var tick: Double = 0.1
    /// After a round woken only by worker pipes, wait this long before the next poll, so a busy
    /// pool's status and log lines are read in batches instead of one wake-up per line (on a
    /// 2-core host the runner otherwise competes with the workers for every request).
    public var coalesce: Double = 0.002

    /// Options with the defaults of `agora run`.
    public init(manifestPath: String, socketDirectory: String, binDirectory: String) {
        self.manifestPath = manifestPath
        self.socketDirectory = socketDirectory
        self.binDirectory = binDirectory
    }

    /// The socket a function listens on.
    public func socketPath(function: String) -> String { "\(socketDirectory)/\(function).sock" }

    /// The runner's status socket.
    public var statusSocketPath: String { "\(socketDirectory)/runner.sock" }

    /// Where the runner answers Prometheus (nginx proxies `GET /metrics` to it; `agora
    /// nginx-config` renders the same name in the same folder).
    public var metricsSocketPath: String { "\(socketDirectory)/metrics.sock" }

    /// The publisher socket nginx listens on for real-time events (`agora nginx-config` renders
    /// the same name in the same folder).
    public var publishSocketPath: String { "\(socketDirectory)/publish.sock" }

    /// What workers get on top of the runner's environment: `AGORA_PUBLISH_SOCKET` (unless the
    /// environment already names one), then `environment`.
    public var workerEnvironment: [String: String] {
        var variables = ["AGORA_PUBLISH_SOCKET": Posix.environment()["AGORA_PUBLISH_SOCKET"] ?? publishSocketPath]
        variables.merge(environment) { _, new in new }
        return variables
    }

    /// `AGORA_RUN_AS` for a function's workers: its manifest user with the socket group (else
    /// the user's own group), only when the runner is root (otherwise they are the runner's user).
    public func runAs(user: String?, isRoot: Bool = geteuid() == 0) -> String? {
        guard isRoot, let user else { return nil }
        if let socketGroup { return "\(user):\(socketGroup)" }
        guard let entry = getpwnam(user), let group = getgrgid(entry.pointee.pw_gid) else { return "\(user):\(user)" }
        return "\(user):\(String(cString: group.pointee.gr_name))"
    }

    /// The id of `socketGroup`, or nil when none is set.
    public func socketGroupID() throws(SystemError) -> gid_t? {
        guard let socketGroup else { return nil }
        guard let group = getgrnam(socketGroup) else { throw SystemError("--socket-group: no group \"\(socketGroup)\"") }
        return group.pointee.gr_gid
    }
}
