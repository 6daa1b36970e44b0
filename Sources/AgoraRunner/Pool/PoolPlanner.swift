import AgoraManifest
import Glibc

/// The worker counts of a pool that scaling decisions depend on.
struct PoolSnapshot: Equatable {
    /// Current-generation workers not being retired, by activity.
    var idle = 0
    var busy = 0
    var starting = 0
    /// Idle workers of any generation that still accept (old ones during a reload).
    var idleAnyGeneration = 0
    /// Connections seen waiting on the socket while no worker was idle (0 if none or not probed).
    var waiting = 0
    /// Current-generation idle workers and since when they are idle.
    var idleWorkers: [(pid: pid_t, since: Double)] = []

    var active: Int { idle + busy + starting }

    static func == (lhs: PoolSnapshot, rhs: PoolSnapshot) -> Bool {
        lhs.idle == rhs.idle && lhs.busy == rhs.busy && lhs.starting == rhs.starting
            && lhs.idleAnyGeneration == rhs.idleAnyGeneration && lhs.waiting == rhs.waiting
            && lhs.idleWorkers.map(\.pid) == rhs.idleWorkers.map(\.pid)
    }
}

/// What a pool should do now: start workers, retire some idle ones.
struct ScalingPlan: Equatable {
    var spawn = 0
    var retire: [pid_t] = []
}

/// The scaling rules of the three modes, as a pure function of the counts (unit-tested alone).
enum PoolPlanner {
    /// Seconds between two shrink steps of a `dynamic` pool (PHP-FPM retires one per second).
    static let shrinkInterval: Double = 1

    static func plan(config: PoolConfig, snapshot: PoolSnapshot, now: Double, lastShrinkAt: Double) -> ScalingPlan {
        var plan = ScalingPlan()
        let room = max(0, config.maxWorkers - snapshot.active)
        // Longest idle first: it is the least likely to be about to accept.
        let idleOldestFirst = snapshot.idleWorkers.sorted { $0.since < $1.since }
        let excess = snapshot.active - config.maxWorkers
        if excess > 0 { plan.retire = idleOldestFirst.prefix(excess).map(\.pid) }
        switch config.mode {
        case .static:
            plan.spawn = room
        case .dynamic:
            var need = max(0, config.minSpare - (snapshot.idle + snapshot.starting))
            if snapshot.waiting > 0, snapshot.idleAnyGeneration == 0 {
                need = max(need, snapshot.waiting - snapshot.starting)
            }
            plan.spawn = min(need, room)
            if plan.retire.isEmpty, snapshot.idle > config.maxSpare, now - lastShrinkAt >= shrinkInterval,
                let oldest = idleOldestFirst.first
            {
                plan.retire = [oldest.pid]
            }
        case .ondemand:
            if snapshot.waiting > 0, snapshot.idleAnyGeneration == 0, snapshot.starting == 0 {
                plan.spawn = min(max(snapshot.waiting, 1), room)
            }
            let expired = idleOldestFirst.filter { now - $0.since >= config.idleTimeout }.map(\.pid)
            plan.retire = Array(Set(plan.retire).union(expired)).sorted()
        }
        return plan
    }
}
