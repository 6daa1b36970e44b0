import AgoraManifest
import Glibc

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
