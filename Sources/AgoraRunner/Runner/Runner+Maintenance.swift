import Glibc
import Logging

extension Runner {
    /// Timers: SIGKILL deadlines, start timeouts, slow requests in progress, request timeouts.
    func enforceDeadlines(now: Double) {
        for pool in pools {
            deliverPendingTerms(pool, now: now)
            for worker in pool.workers where !worker.hasExited {
                if let killAt = worker.killAt, now >= killAt {
                    worker.killAt = nil
                    worker.signal(SIGKILL)
                    logger.warning("worker did not stop in time: killed", metadata: meta(pool, pid: worker.pid))
                }
                switch worker.activity {
                case .starting where !worker.isRetiring && now - worker.startedAt > options.restart.startTimeout:
                    logger.error("worker did not report ready in time: killed", metadata: meta(pool, pid: worker.pid))
                    retire(worker, .startTimeout, in: pool, now: now)
                case .busy(let method, let route, let since):
                    checkRunningRequest(worker, in: pool, method: method, route: route, elapsed: now - since, now: now)
                default:
                    break
                }
            }
        }
    }

    func checkRunningRequest(_ worker: WorkerProcess, in pool: FunctionPool, method: String, route: String, elapsed: Double, now: Double) {
        var metadata = meta(pool, pid: worker.pid)
        metadata["method"] = .string(method)
        metadata["route"] = .string(route)
        metadata["elapsed_ms"] = .stringConvertible(Int(elapsed * 1000))
        if pool.config.slowRequest > 0, elapsed >= pool.config.slowRequest, !worker.slowCounted {
            worker.slowCounted = true
            pool.counters.slowRequests += 1
            // The worker counts it too once it ends: `countSlow` then leaves it out.
            if worker.scoreboard != nil { worker.slowCountedRequest = worker.seenBegun }
            logger.warning("slow request (still running)", metadata: metadata)
        }
        // nginx gives up at request_timeout (fastcgi_read_timeout) and answers 504; the worker is
        // killed a little later, so that the client never sees a reset instead of the 504.
        if elapsed > pool.config.requestTimeout + options.timeoutMargin, worker.retireReason != .requestTimeout {
            pool.counters.timeouts += 1
            logger.error("request timeout: worker killed", metadata: metadata)
            retire(worker, .requestTimeout, in: pool, now: now)
        }
    }

    /// The breaker, reload hand-overs and the scaling plan of every pool.
    func maintain(now: Double) {
        for pool in pools where !pool.removing {
            switch pool.health {
            case .failed(let retryAt):
                guard now >= retryAt else { continue }
                pool.health = .probing
                logger.warning("retrying failed function with one worker", metadata: meta(pool))
                spawnWorker(pool, now: now)
                continue
            case .probing:
                continue
            case .running:
                break
            }
            completeHandover(pool, now: now)
            if pool.saturated, pool.workers.contains(where: { worker in
                if case .idle(let since) = worker.activity { return !worker.isRetiring && now - since >= options.quietIdle }
                return false
            }) {
                pool.saturated = false
            }
            let snapshot = pool.snapshot()
            var plan = PoolPlanner.plan(config: pool.config, snapshot: snapshot, now: now, lastShrinkAt: pool.lastShrinkAt)
            pool.waiting = 0
            if pool.handoverTarget != nil { plan.retire = [] }
            for pid in plan.retire {
                guard let worker = pool.worker(pid: pid) else { continue }
                pool.lastShrinkAt = now
                retire(worker, pool.config.mode == .ondemand ? .idleTimeout : .shrink, in: pool, now: now)
            }
            guard plan.spawn > 0, now >= pool.nextSpawnAt else { continue }
            // After a failed start, one at a time until a worker reports ready.
            let count = pool.failureStreak > 0 ? (snapshot.starting == 0 ? 1 : 0) : plan.spawn
            startGeneration(pool, count: count, now: now)
        }
    }

    /// Once enough workers of the new generation are ready, the older ones are retired.
    func completeHandover(_ pool: FunctionPool, now: Double) {
        guard let target = pool.handoverTarget else { return }
        let ready = pool.workers.filter { $0.generation == pool.generation && !$0.isRetiring && $0.everReady }.count
        guard ready >= target else { return }
        pool.handoverTarget = nil
        var retired = 0
        for worker in pool.workers where worker.generation < pool.generation && !worker.isRetiring {
            retire(worker, .reload, in: pool, now: now)
            retired += 1
        }
        logger.info("reload: new generation serving", metadata: meta(pool).merging([
            "generation": .stringConvertible(pool.generation), "retired": .stringConvertible(retired),
        ]) { $1 })
    }
}
