import CScoreboard
import Glibc

extension Runner {
    /// Takes in what every live worker's scoreboard shows, once per turn of the loop: requests
    /// no longer wake the runner (a pipe write each did), so this is how it learns of them.
    func syncScoreboards(now: Double) {
        for pool in pools {
            for worker in pool.workers where !worker.hasExited { sync(worker, in: pool, now: now) }
        }
    }

    /// One worker's scoreboard against what the runner knew: requests begun and finished since,
    /// its state now (idle since, or busy with a route since), slow requests, and the limits.
    func sync(_ worker: WorkerProcess, in pool: FunctionPool, now: Double) {
        guard let board = worker.scoreboard, let live = board.live(), Runner.plausible(live, after: worker),
              live.state != UInt64(AGORA_SB_STARTING) || live.begun > 0
        else { return }
        if !worker.everReady { markReady(worker, in: pool, now: now) }
        let begun = live.begun - worker.seenBegun
        let finished = live.finished - worker.seenFinished
        worker.seenBegun = live.begun
        worker.seenFinished = live.finished
        worker.requests = Int(clamping: live.finished)
        pool.counters.accepted &+= Int(begun)
        countSlow(worker, in: pool, slow: live.slow)
        // The worker's clock is the runner's (CLOCK_MONOTONIC), so its times compare with `now`.
        let since = min(now, Double(live.since_ns) / 1_000_000_000)
        if live.state == UInt64(AGORA_SB_BUSY) {
            if begun > 0 || !worker.isBusy {
                worker.activity = .busy(method: Runner.method(live), route: board.label(Int(live.label)).route, since: since)
                worker.slowCounted = false
                requestBegan(worker, in: pool, now: now)
            }
        } else if finished > 0 || !worker.isIdle {
            worker.activity = .idle(since: since)
        }
        if finished > 0 { checkLimits(worker, in: pool, now: now) }
    }

    /// What a worker can have done since the runner last looked: counters only grow, by less
    /// than 2^32 a turn, and no more requests finish than began. A worker that writes anything
    /// else (a bug, or a compromised process scribbling on its page) is not believed, and can
    /// neither trap the runner's arithmetic nor move its function's totals by more than that.
    static func plausible(_ live: agora_sb_live, after worker: WorkerProcess) -> Bool {
        let most: UInt64 = 1 << 32
        return live.begun >= worker.seenBegun && live.begun - worker.seenBegun < most
            && live.finished >= worker.seenFinished && live.finished - worker.seenFinished < most
            && live.slow >= worker.seenSlow && live.slow - worker.seenSlow < most
            && live.finished <= live.begun
    }

    /// Finished requests that took `slow_request` or longer (the worker counts them), less the
    /// one the runner already counted while it ran.
    func countSlow(_ worker: WorkerProcess, in pool: FunctionPool, slow: UInt64) {
        guard slow > worker.seenSlow else { return }
        var count = slow - worker.seenSlow
        worker.seenSlow = slow
        if let counted = worker.slowCountedRequest, counted <= worker.seenFinished {
            worker.slowCountedRequest = nil
            count -= 1
        }
        guard count > 0 else { return }
        pool.counters.slowRequests &+= Int(count)
        logger.warning("slow request", metadata: meta(pool, pid: worker.pid).merging([
            "requests": .stringConvertible(count), "slow_request_s": .stringConvertible(pool.config.slowRequest),
        ]) { $1 })
    }

    /// Every finished request of a worker that exits: its counters join its function's totals.
    func keepCounters(of worker: WorkerProcess, in pool: FunctionPool) {
        worker.scoreboard?.addCounters(into: &pool.retiredRoutes)
    }

    static func method(_ live: agora_sb_live) -> String {
        withUnsafeBytes(of: live.method) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
