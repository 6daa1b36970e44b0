import AgoraCore
import Glibc

extension Runner {
    /// Answers every waiting connection on `runner.sock` with the status document, then closes it.
    func serveStatus(now: Double) {
        syncScoreboards(now: now)
        while true {
            let client = accept(statusListener.fd, nil, nil)
            guard client >= 0 else { return }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            var timeout = timeval(tv_sec: 1, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var bytes = statusDocument(now: now).serialized()
            bytes.append(0x0A)
            Posix.writeAll(client, bytes, socket: true)
            close(client)
        }
    }

    /// The runner's state as one JSON document.
    func statusDocument(now: Double) -> JSON {
        var functions: [String: JSON] = [:]
        for pool in pools where !pool.removing || functions[pool.name] == nil {
            functions[pool.name] = poolStatus(pool, now: now)
        }
        return [
            "pid": .int(Int64(getpid())),
            "state": .string(stopDeadline == nil ? "running" : "stopping"),
            "uptime_s": .double((now - startedAt).rounded(toPlaces: 3)),
            "reloads": .int(Int64(reloads)),
            "manifest": .string(options.manifestPath),
            "socket_dir": .string(options.socketDirectory),
            "functions": .object(functions),
        ]
    }

    func poolStatus(_ pool: FunctionPool, now: Double) -> JSON {
        let live = pool.workers.filter { !$0.isRetiring && !$0.hasExited }
        let state = stopDeadline != nil ? "stopping" : (pool.removing ? "removing" : pool.health.name)
        let counters = pool.counters
        return [
            "mode": .string(pool.config.mode.rawValue),
            "state": .string(state),
            "generation": .int(Int64(pool.generation)),
            "socket": .string(pool.listener.path),
            "idle": .int(Int64(live.filter(\.isIdle).count)),
            "busy": .int(Int64(live.filter(\.isBusy).count)),
            "starting": .int(Int64(live.filter(\.isStarting).count)),
            "stopping": .int(Int64(pool.workers.filter(\.isRetiring).count)),
            "total": .int(Int64(pool.workers.count)),
            "accepted_requests": .int(Int64(counters.accepted)),
            "listen_queue": .int(probe.queueLength(inode: pool.listener.inode).map(Int64.init)),
            "max_children_reached": .int(Int64(counters.maxChildrenReached)),
            "slow_requests": .int(Int64(counters.slowRequests)),
            "restarts": .int(Int64(counters.restarts)),
            "recycles": .int(Int64(counters.recycles)),
            "timeouts": .int(Int64(counters.timeouts)),
            "start_failures": .int(Int64(counters.startFailures)),
            "breaker_trips": .int(Int64(counters.breakerTrips)),
            "pool": pool.config.json,
            "workers": .array(pool.workers.map { workerStatus($0, now: now) }),
        ]
    }

    func workerStatus(_ worker: WorkerProcess, now: Double) -> JSON {
        if let rss = ProcessMemory.residentKB(pid: worker.pid) { worker.rssKB = rss }
        var fields: [String: JSON] = [
            "pid": .int(Int64(worker.pid)),
            "state": .string(worker.stateName),
            "generation": .int(Int64(worker.generation)),
            "requests": .int(Int64(worker.requests)),
            "rss_kb": .int(worker.rssKB.map(Int64.init)),
            "uptime_s": .double((now - worker.startedAt).rounded(toPlaces: 3)),
            "method": .null, "route": .null, "request_ms": .null,
        ]
        if case .busy(let method, let route, let since) = worker.activity {
            fields["method"] = .string(method)
            fields["route"] = .string(route)
            fields["request_ms"] = .int(Int64((now - since) * 1000))
        }
        if let reason = worker.retireReason { fields["stopping_reason"] = .string(reason.rawValue) }
        return .object(fields)
    }
}
