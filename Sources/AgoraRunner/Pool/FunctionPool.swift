import AgoraManifest
import Glibc

/// One function's socket, workers, settings and counters.
final class FunctionPool {
    let name: String
    var config: PoolConfig
    let listener: UnixListener
    /// The worker binary, `<bin-dir>/agora-<name>`.
    let executable: String
    let environment: [String]
    var workers: [WorkerProcess] = []
    /// Bumped by each reload; workers of older generations are retired once the new one is ready.
    var generation = 1
    /// While a reload waits for the new generation: how many of its workers must be ready.
    var handoverTarget: Int?
    var health: PoolHealth = .running
    /// Consecutive start failures (reset when a worker reports ready).
    var failureStreak = 0
    /// Backoff: no worker is started before this time.
    var nextSpawnAt: Double = 0
    /// Removed from the manifest by a reload: draining, then dropped.
    var removing = false
    /// Connections seen waiting while no worker was idle; consumed by the next plan.
    var waiting = 0
    /// Every worker busy at `max_workers`; counted once per episode, which ends when a worker
    /// has sat idle for a moment (not merely between two queued requests).
    var saturated = false
    /// When "max_workers reached" was last logged (at most one line per `saturationLogInterval`).
    var lastSaturationLog: Double = -.infinity
    static let saturationLogInterval: Double = 10
    var lastShrinkAt: Double = 0
    var counters = PoolCounters()
    /// The request counters of this function's workers that have exited (recycled, crashed,
    /// retired by a reload): `/metrics` adds the live workers' to them.
    var retiredRoutes: [RouteKey: RouteCounters] = [:]

    init(spec: FunctionSpec, listener: UnixListener, executable: String, environment: [String]) {
        name = spec.name
        config = spec.pool
        self.listener = listener
        self.executable = executable
        self.environment = environment
    }

    func worker(pid: pid_t) -> WorkerProcess? {
        workers.first { $0.pid == pid }
    }

    /// Counts of the current generation, for the planner.
    func snapshot() -> PoolSnapshot {
        var snapshot = PoolSnapshot()
        for worker in workers where !worker.isRetiring {
            if worker.isAccepting { snapshot.idleAnyGeneration += 1 }
            guard worker.generation == generation else { continue }
            switch worker.activity {
            case .starting: snapshot.starting += 1
            case .busy: snapshot.busy += 1
            case .idle(let since):
                snapshot.idle += 1
                snapshot.idleWorkers.append((worker.pid, since))
            }
        }
        snapshot.waiting = waiting
        return snapshot
    }

    /// Whether the runner should watch the socket for a waiting connection: only when nothing
    /// would take it (no idle worker, none starting) and the pool may still grow.
    func watchesSocket(now: Double) -> Bool {
        // Not while a backoff holds spawns back: a queued connection would wake the loop at once.
        guard config.mode != .static, !removing, health == .running, handoverTarget == nil, now >= nextSpawnAt else {
            return false
        }
        let live = workers.filter { !$0.isRetiring }
        let current = live.filter { $0.generation == generation }.count
        return !live.contains { $0.isAccepting || $0.isStarting } && current < config.maxWorkers
    }
}
