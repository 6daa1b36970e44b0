import AgoraManifest
import Glibc
import Logging

extension Runner {
    /// Graceful stop: every worker gets SIGTERM (stop accepting, finish the request in hand) and
    /// SIGKILL at the end of the grace period. A second stop request kills at once.
    func beginStop(now: Double) {
        if stopDeadline != nil {
            logger.warning("second stop request: killing every worker")
            for pool in pools { for worker in pool.workers { worker.signal(SIGKILL) } }
            stopDeadline = now
            return
        }
        stopDeadline = now + options.grace
        logger.info("stopping", metadata: ["grace_s": .stringConvertible(options.grace)])
        for pool in pools {
            for worker in pool.workers { retire(worker, .stop, in: pool, now: now, grace: options.grace) }
        }
    }

    /// Re-reads the manifest; a bad one is logged and the running configuration kept. Kept
    /// functions start a new generation on the same socket, added ones start, removed ones drain.
    func reload(now: Double) {
        guard stopDeadline == nil else { return }
        let fresh: Manifest
        do {
            fresh = try Manifest.load(path: options.manifestPath)
        } catch {
            logger.error("reload refused: the manifest is invalid; keeping the running configuration",
                metadata: ["error": .string(error.message)])
            return
        }
        let specs = fresh.functions.filter { options.only.isEmpty || options.only.contains($0.name) }
        reloads += 1
        logger.info("reloading", metadata: ["functions": .array(specs.map { .string($0.name) })])
        let wanted = Set(specs.map(\.name))
        for pool in pools where !pool.removing && !wanted.contains(pool.name) { remove(pool, now: now) }
        for spec in specs {
            if let pool = pool(named: spec.name) {
                regenerate(pool, config: spec.pool, now: now)
                continue
            }
            do {
                let pool = try Runner.makePool(spec, options: options)
                pools.append(pool)
                pools.sort { $0.name < $1.name }
                logger.info("function added", metadata: meta(pool))
                startGeneration(pool, count: pool.config.initialWorkers, now: now)
            } catch {
                logger.error("cannot add function", metadata: ["function": .string(spec.name), "error": .string(error.description)])
            }
        }
        manifest = Manifest(functions: specs, http: fresh.http)
    }

    /// Starts a new generation of workers with `config`; the old one serves until it is ready.
    func regenerate(_ pool: FunctionPool, config: PoolConfig, now: Double) {
        let oldLive = pool.workers.filter { !$0.isRetiring }.count
        pool.config = config
        pool.generation += 1
        pool.health = .running
        pool.failureStreak = 0
        pool.nextSpawnAt = 0
        // As many as before (capacity through the hand-over), within the new bounds.
        let target = switch config.mode {
        case .static: config.maxWorkers
        case .dynamic: min(config.maxWorkers, max(config.startWorkers, oldLive))
        case .ondemand: min(config.maxWorkers, oldLive)
        }
        pool.handoverTarget = target
        startGeneration(pool, count: target, now: now)
    }

    /// Stops a function that left the manifest: its socket path goes now, its workers drain.
    func remove(_ pool: FunctionPool, now: Double) {
        pool.removing = true
        pool.handoverTarget = nil
        pool.listener.unlinkPath()
        for worker in pool.workers { retire(worker, .removed, in: pool, now: now) }
        logger.info("function removed from the manifest: stopping its workers", metadata: meta(pool))
    }
}
