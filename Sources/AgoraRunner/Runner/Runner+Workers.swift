import Glibc
import Logging

extension Runner {
    /// Spawns up to `count` workers of the pool's current generation; stops at the first failure.
    func startGeneration(_ pool: FunctionPool, count: Int, now: Double) {
        for _ in 0..<max(0, count) where spawnWorker(pool, now: now) == false { break }
    }

    @discardableResult
    func spawnWorker(_ pool: FunctionPool, now: Double) -> Bool {
        do {
            // The limits go to the worker too: a worker that recycles itself between two requests
            // cannot lose one, whereas a SIGTERM can land while it reads a fresh connection.
            let quota = pool.config.requestQuota(using: &random)
            var environment = pool.environment
            if let quota { environment.append("AGORA_MAX_REQUESTS=\(quota)") }
            if pool.config.slowRequest > 0 {
                environment.append("AGORA_SLOW_REQUEST_MS=\(Int((pool.config.slowRequest * 1000).rounded()))")
            }
            if pool.config.maxMemoryMB > 0 { environment.append("AGORA_MAX_MEMORY_MB=\(pool.config.maxMemoryMB)") }
            let spawned = try WorkerSpawner.spawn(
                executable: pool.executable, environment: environment, listenFD: pool.listener.fd, logFD: options.logSink.fd)
            pool.workers.append(WorkerProcess(spawned: spawned, generation: pool.generation, startedAt: now, quota: quota))
            logger.debug("worker started", metadata: meta(pool, pid: spawned.pid))
            return true
        } catch {
            logger.error("cannot start worker", metadata: meta(pool).merging(["error": .string(error.description)]) { $1 })
            startFailed(pool, now: now)
            return false
        }
    }

    func handle(_ message: WorkerMessage, from worker: WorkerProcess, in pool: FunctionPool, now: Double) {
        switch message {
        case .ready:
            markReady(worker, in: pool, now: now)
        case .begin(let method, let route):
            if !worker.everReady { markReady(worker, in: pool, now: now) }
            worker.activity = .busy(method: method, route: route, since: now)
            worker.slowCounted = false
            pool.counters.accepted += 1
            requestBegan(worker, in: pool, now: now)
        case .end(let status, let durationMS):
            finishRequest(worker, in: pool, status: status, durationMS: durationMS, now: now)
        case .exiting(let reason):
            // Counted once, whether the runner saw the limit first (it is retiring then) or not.
            guard !worker.isRetiring else { return }
            pool.counters.recycles += 1
            worker.retireReason = reason == RetireReason.maxMemory.rawValue ? .maxMemory : .maxRequests
            logger.info("worker recycles itself: \(reason)", metadata: meta(pool, pid: worker.pid))
        }
    }

    /// A request began (told by the pipe, or seen on the scoreboard): a retirement that waited
    /// too long for a quiet moment goes ahead, and a pool whose every worker is busy at
    /// `max_workers` counts (and logs, at most every `saturationLogInterval`) the episode.
    func requestBegan(_ worker: WorkerProcess, in pool: FunctionPool, now: Double) {
        // In its handler, a SIGTERM only ends the worker after this request (see retire).
        if let requested = worker.termRequestedAt, now - requested >= options.quietWaitLimit {
            terminate(worker, now: now)
        }
        let live = pool.workers.filter { !$0.isRetiring }
        let current = live.filter { $0.generation == pool.generation }.count
        guard !pool.saturated, !live.contains(where: { $0.isAccepting || $0.isStarting }), current >= pool.config.maxWorkers else {
            return
        }
        pool.saturated = true
        pool.counters.maxChildrenReached += 1
        if now - pool.lastSaturationLog >= FunctionPool.saturationLogInterval {
            pool.lastSaturationLog = now
            logger.warning("max_workers reached: every worker is busy, connections wait", metadata: meta(pool).merging([
                "max_workers": .stringConvertible(pool.config.maxWorkers),
                "times": .stringConvertible(pool.counters.maxChildrenReached),
            ]) { $1 })
        }
    }

    func markReady(_ worker: WorkerProcess, in pool: FunctionPool, now: Double) {
        guard !worker.everReady else { return }
        worker.everReady = true
        worker.activity = .idle(since: now)
        pool.failureStreak = 0
        if pool.health != .running {
            pool.health = .running
            logger.notice("function recovered: a worker started", metadata: meta(pool, pid: worker.pid))
        }
    }

    func finishRequest(_ worker: WorkerProcess, in pool: FunctionPool, status: Int, durationMS: Double, now: Double) {
        if case .busy(let method, let route, _) = worker.activity, pool.config.slowRequest > 0,
            durationMS >= pool.config.slowRequest * 1000, !worker.slowCounted
        {
            pool.counters.slowRequests += 1
            logger.warning("slow request", metadata: meta(pool, pid: worker.pid).merging([
                "method": .string(method), "route": .string(route), "status": .stringConvertible(status),
                "duration_ms": .stringConvertible(durationMS),
            ]) { $1 })
        }
        worker.requests += 1
        worker.activity = .idle(since: now)
        worker.slowCounted = false
        checkLimits(worker, in: pool, now: now)
    }

    /// After a worker served requests: recycled at its request quota or above `max_memory_mb`.
    func checkLimits(_ worker: WorkerProcess, in pool: FunctionPool, now: Double) {
        guard !worker.isRetiring else { return }
        if let quota = worker.quota, worker.requests >= quota {
            pool.counters.recycles += 1
            logger.info("recycling worker: max_requests", metadata: meta(pool, pid: worker.pid).merging(["requests": .stringConvertible(worker.requests)]) { $1 })
            retire(worker, .maxRequests, in: pool, now: now)
        } else if pool.config.maxMemoryMB > 0, let rss = ProcessMemory.residentKB(pid: worker.pid) {
            worker.rssKB = rss
            guard rss > pool.config.maxMemoryMB * 1024 else { return }
            pool.counters.recycles += 1
            logger.info("recycling worker: max_memory_mb", metadata: meta(pool, pid: worker.pid).merging(["rss_kb": .stringConvertible(rss)]) { $1 })
            retire(worker, .maxMemory, in: pool, now: now)
        }
    }

    /// A start that failed (spawn error, or death before ready): back off, or trip the breaker.
    func startFailed(_ pool: FunctionPool, now: Double) {
        pool.counters.startFailures += 1
        pool.failureStreak += 1
        let policy = options.restart
        if policy.tripsBreaker(failures: pool.failureStreak) {
            pool.health = .failed(retryAt: now + policy.breakerCooldown)
            pool.counters.breakerTrips += 1
            logger.critical("crash storm: function marked failed; its workers keep dying at start", metadata: meta(pool).merging([
                "failures": .stringConvertible(pool.failureStreak), "retry_in_s": .stringConvertible(policy.breakerCooldown),
            ]) { $1 })
        } else {
            let delay = policy.delay(afterFailures: pool.failureStreak)
            pool.nextSpawnAt = now + delay
            logger.error("worker failed to start", metadata: meta(pool).merging([
                "failures": .stringConvertible(pool.failureStreak), "retry_in_ms": .stringConvertible(Int(delay * 1000)),
            ]) { $1 })
        }
    }

    /// Log metadata naming a function and, optionally, a worker.
    func meta(_ pool: FunctionPool, pid: pid_t? = nil) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["function": .string(pool.name)]
        if let pid { metadata["pid"] = .stringConvertible(Int(pid)) }
        return metadata
    }
}
