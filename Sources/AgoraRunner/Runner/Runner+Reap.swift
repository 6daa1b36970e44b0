import Glibc
import Logging

extension Runner {
    /// Collects exited workers (by pid, never `waitpid(-1)`: the runner may share its process).
    func reap(now: Double) {
        reapDue = false
        lastReap = now
        for pool in pools {
            for worker in pool.workers {
                var status: Int32 = 0
                let result = waitpid(worker.pid, &status, WNOHANG)
                if result == worker.pid || (result < 0 && errno == ECHILD) {
                    exited(worker, in: pool, status: result < 0 ? nil : status, now: now)
                }
            }
            pool.workers.removeAll { $0.hasExited }
        }
        for pool in pools where pool.removing && pool.workers.isEmpty {
            pool.listener.close()
            logger.info("function removed", metadata: meta(pool))
        }
        pools.removeAll { $0.removing && $0.workers.isEmpty }
    }

    /// Drains what the worker left in its pipes, then decides: expected, start failure, or crash.
    func exited(_ worker: WorkerProcess, in pool: FunctionPool, status: Int32?, now: Double) {
        // Marked first: whatever the drained lines trigger must not signal a reaped pid.
        worker.hasExited = true
        worker.killAt = nil
        for index in worker.pipes.indices { readPipe(index, of: worker, in: pool, now: now) }
        worker.closePipes()
        sync(worker, in: pool, now: now)
        keepCounters(of: worker, in: pool)
        var metadata = meta(pool, pid: worker.pid)
        metadata["exit"] = .string(Runner.describe(status))
        metadata["uptime_s"] = .stringConvertible((now - worker.startedAt).rounded(toPlaces: 3))
        metadata["requests"] = .stringConvertible(worker.requests)
        if let reason = worker.retireReason, reason != .startTimeout {
            metadata["reason"] = .string(reason.rawValue)
            logger.debug("worker exited", metadata: metadata)
            return
        }
        pool.counters.restarts += 1
        if !worker.everReady {
            logger.error("worker died before it was ready", metadata: metadata)
            startFailed(pool, now: now)
            return
        }
        if case .busy(let method, let route, let since) = worker.activity {
            metadata["method"] = .string(method)
            metadata["route"] = .string(route)
            metadata["request_ms"] = .stringConvertible(Int((now - since) * 1000))
        }
        logger.error("worker died; replacing it", metadata: metadata)
    }

    /// `exit 3`, `signal 9`, or `unknown` (from a raw wait status).
    static func describe(_ status: Int32?) -> String {
        guard let status else { return "unknown" }
        let signal = status & 0x7F
        if signal == 0 { return "exit \((status >> 8) & 0xFF)" }
        return signal == 0x7F ? "stopped" : "signal \(signal)"
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let scale = (0..<places).reduce(1.0) { value, _ in value * 10 }
        return (self * scale).rounded() / scale
    }
}
