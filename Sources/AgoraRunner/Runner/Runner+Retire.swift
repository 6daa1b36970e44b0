import Glibc

extension Runner {
    /// Asks a worker to go. Stuck ones (request or start timeout) get SIGKILL at once; a stop
    /// sends SIGTERM at once; every other retirement waits for a quiet moment (see
    /// `deliverPendingTerms`), because libfcgi drops a connection whose request it is still
    /// reading when SIGTERM interrupts that read.
    func retire(_ worker: WorkerProcess, _ reason: RetireReason, in pool: FunctionPool, now: Double, grace: Double? = nil) {
        guard !worker.hasExited else { return }
        if reason.killsAtOnce {
            worker.retireReason = reason
            worker.termRequestedAt = nil
            worker.killAt = nil
            worker.signal(SIGKILL)
            return
        }
        if worker.retireReason == nil { worker.retireReason = reason }
        worker.termGrace = min(worker.termGrace, grace ?? pool.config.requestTimeout + 1)
        if reason == .stop {
            terminate(worker, now: now)
        } else if worker.killAt == nil, worker.termRequestedAt == nil {
            worker.termRequestedAt = now
        }
    }

    /// SIGTERM now (stop accepting, finish the request in hand) and SIGKILL after the grace.
    func terminate(_ worker: WorkerProcess, now: Double) {
        worker.termRequestedAt = nil
        worker.lastTermAt = now
        let deadline = now + worker.termGrace
        if worker.killAt == nil { worker.signal(SIGTERM) }
        worker.killAt = min(worker.killAt ?? deadline, deadline)
    }

    /// Sends the pending SIGTERMs of a pool at a quiet moment: the worker idle for a little while
    /// (so blocked in accept, not reading a connection it just took) and nothing queued. A worker
    /// recycled for its limits first gets `selfExitWait` to exit by itself. Past
    /// `quietWaitLimit` a busy moment will do as well (see `handle`); past three times that,
    /// any moment. A worker that got SIGTERM and is still quietly idle a second later gets it
    /// again: libfcgi only notices a stop request when a blocking call is interrupted.
    func deliverPendingTerms(_ pool: FunctionPool, now: Double) {
        var queued: Int??
        func isQuiet(_ worker: WorkerProcess) -> Bool {
            let settled: Bool = switch worker.activity {
            case .idle(let since): now - since >= options.quietIdle
            case .starting: true
            case .busy: false
            }
            guard settled else { return false }
            if queued == nil { queued = .some(probe.queueLength(inode: pool.listener.inode)) }
            return (queued ?? nil ?? 0) == 0
        }
        for worker in pool.workers where !worker.hasExited {
            if worker.killAt != nil, let last = worker.lastTermAt, now - last >= 1, isQuiet(worker) {
                worker.lastTermAt = now
                worker.signal(SIGTERM)
                continue
            }
            guard let requested = worker.termRequestedAt else { continue }
            let waited = now - requested
            if worker.retireReason == .maxRequests || worker.retireReason == .maxMemory, waited < options.selfExitWait {
                continue
            }
            if waited >= 3 * options.quietWaitLimit || isQuiet(worker) { terminate(worker, now: now) }
        }
    }
}
