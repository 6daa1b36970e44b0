import AgoraCore
import AgoraManifest
import AgoraLogging
import Glibc
import Logging

/// The process manager of `agora run`: one socket and one pool of worker processes per function,
/// driven by one single-threaded `poll` loop that also answers the status socket.
///
/// `run()` blocks; `control` stops or reloads it from a signal handler or another thread.
public final class Runner {
    let options: RunnerOptions
    let logger: Logger
    /// Wakes the loop with a command: stop, reload, child exited.
    public let control: RunnerControl
    var manifest: Manifest
    /// Every pool, by name; a removed function's pool stays (marked `removing`) until drained.
    var pools: [FunctionPool]
    let statusListener: UnixListener
    /// Prometheus's socket (through nginx's `/metrics`), in nginx's group like the functions'.
    let metricsListener: UnixListener
    /// Connections on `metrics.sock` whose request has not fully arrived (polled with the rest).
    var metricsClients: [MetricsClient] = []
    let probe = ListenQueueProbe()
    var random = SystemRandomNumberGenerator()
    let startedAt: Double
    var reloads = 0
    /// Set once a stop was requested: SIGKILL for the workers still alive at this time.
    var stopDeadline: Double?
    var reapDue = true
    var lastReap: Double = 0
    /// One read buffer for every pipe, rather than 64 KiB allocated and zeroed per read.
    var pipeBuffer = [UInt8](repeating: 0, count: 65_536)

    /// Reads the manifest and opens every socket; no worker starts before `run()`.
    public init(options: RunnerOptions, logger: Logger? = nil) throws(RunnerError) {
        self.options = options
        self.logger = logger ?? Logger(label: "agora.runner") { JSONLogHandler(label: $0, sink: options.logSink) }
        do {
            manifest = try Manifest.load(path: options.manifestPath).only(options.only)
        } catch {
            throw .manifest(error)
        }
        var opened: [UnixListener] = []
        do throws(SystemError) {
            control = try RunnerControl()
            try Runner.makeDirectory(options.socketDirectory, group: options.socketGroupID())
            var pools: [FunctionPool] = []
            for spec in manifest.functions {
                let pool = try Runner.makePool(spec, options: options)
                opened.append(pool.listener)
                pools.append(pool)
            }
            metricsListener = try UnixListener(path: options.metricsSocketPath, mode: 0o660, group: options.socketGroupID(),
                                               backlog: 64)
            opened.append(metricsListener)
            Posix.setNonBlocking(metricsListener.fd)
            // Last: once runner.sock exists, every function socket does (scripts wait for it).
            statusListener = try UnixListener(path: options.statusSocketPath, mode: 0o660)
            Posix.setNonBlocking(statusListener.fd)
            self.pools = pools
        } catch {
            opened.forEach { $0.unlinkPath() }
            throw .system(error)
        }
        startedAt = Monotonic.now()
    }

    static func makePool(_ spec: FunctionSpec, options: RunnerOptions) throws(SystemError) -> FunctionPool {
        let listener = try UnixListener(path: options.socketPath(function: spec.name), mode: 0o660,
                                        group: options.socketGroupID())
        var environment = options.workerEnvironment
        environment["AGORA_RUN_AS"] = options.runAs(user: spec.user)
        return FunctionPool(
            spec: spec, listener: listener, executable: "\(options.binDirectory)/agora-\(spec.name)",
            environment: WorkerSpawner.environment(function: spec.name, extra: environment))
    }

    /// `mkdir -p` with mode 0755 for the directories it creates; the last one is 0755, or 0750
    /// for `group` (nginx's) when given: only nginx and the workers reach the sockets.
    static func makeDirectory(_ path: String, group: gid_t? = nil) throws(SystemError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0, errno != EEXIST { throw SystemError("mkdir \(prefix)") }
        }
        if let group, chown(path, uid_t.max, group) != 0 { throw SystemError("chown \(path)") }
        guard chmod(path, group == nil ? 0o755 : 0o750) == 0 else { throw SystemError("chmod \(path)") }
    }

    /// The active (not removing) pool of a function.
    func pool(named name: String) -> FunctionPool? {
        pools.first { $0.name == name && !$0.removing }
    }

    /// Starts the workers and serves until a stop; returns once every worker has exited and the
    /// sockets are removed.
    public func run() {
        let now = Monotonic.now()
        logger.info("runner started", metadata: [
            "functions": .array(pools.map { .string($0.name) }), "socket_dir": .string(options.socketDirectory),
            "pid": .stringConvertible(Int(getpid())),
        ])
        for pool in pools { startGeneration(pool, count: pool.config.initialWorkers, now: now) }
        while !finished(now: Monotonic.now()) {
            pollOnce()
            let now = Monotonic.now()
            syncScoreboards(now: now)
            if reapDue || now - lastReap >= options.tick { reap(now: now) }
            enforceDeadlines(now: now)
            if stopDeadline == nil { maintain(now: now) }
        }
        shutdown()
    }

    /// Stopping and every worker gone (or, should one be unkillable, 5 s past the deadline).
    func finished(now: Double) -> Bool {
        guard let deadline = stopDeadline else { return false }
        if pools.allSatisfy({ $0.workers.isEmpty }) { return true }
        if now > deadline + 5 {
            logger.critical("workers did not exit after SIGKILL; giving up on them")
            return true
        }
        return false
    }

    func shutdown() {
        for pool in pools {
            pool.listener.unlinkPath()
            pool.listener.close()
        }
        pools.removeAll()
        statusListener.unlinkPath()
        statusListener.close()
        metricsListener.unlinkPath()
        metricsListener.close()
        metricsClients.forEach { close($0.fd) }
        metricsClients.removeAll()
        logger.info("runner stopped")
    }
}
