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
