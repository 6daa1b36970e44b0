import AgoraManifest
import Testing

@testable import AgoraRunner

@Suite struct PoolPlannerTests {
    static func config(_ mode: PoolMode, max: Int = 4, minSpare: Int = 1, maxSpare: Int = 2, idle: Double = 10) -> PoolConfig {
        var config = PoolConfig()
        config.mode = mode
        config.maxWorkers = max
        config.minSpare = minSpare
        config.maxSpare = maxSpare
        config.idleTimeout = idle
        return config
    }

    static func snapshot(idle: [Double] = [], busy: Int = 0, starting: Int = 0, waiting: Int = 0, oldIdle: Int = 0) -> PoolSnapshot {
        var snapshot = PoolSnapshot()
        snapshot.idle = idle.count
        snapshot.busy = busy
        snapshot.starting = starting
        snapshot.waiting = waiting
        snapshot.idleAnyGeneration = idle.count + oldIdle
        snapshot.idleWorkers = idle.enumerated().map { (Int32(100 + $0.offset), $0.element) }
        return snapshot
    }

    func plan(_ config: PoolConfig, _ snapshot: PoolSnapshot, now: Double = 100, lastShrinkAt: Double = 0) -> ScalingPlan {
        PoolPlanner.plan(config: config, snapshot: snapshot, now: now, lastShrinkAt: lastShrinkAt)
    }

    @Test func static_FillsToMaxWorkers_AndNeverMore() {
        #expect(plan(Self.config(.static, max: 3), Self.snapshot(idle: [1], busy: 1)).spawn == 1)
        #expect(plan(Self.config(.static, max: 3), Self.snapshot(idle: [1, 2], busy: 1)).spawn == 0)
        #expect(plan(Self.config(.static, max: 1), Self.snapshot(idle: [5, 1])) == ScalingPlan(spawn: 0, retire: [101]))
    }

    @Test func dynamic_GrowsWhenSpareWorkersRunOut() {
        let config = Self.config(.dynamic, minSpare: 2, maxSpare: 3)
        #expect(plan(config, Self.snapshot(busy: 1)).spawn == 2)
        #expect(plan(config, Self.snapshot(busy: 1, starting: 1)).spawn == 1)
        #expect(plan(config, Self.snapshot(busy: 3)).spawn == 1)  // bounded by max_workers
        #expect(plan(config, Self.snapshot(busy: 4)).spawn == 0)
    }

    @Test func dynamic_GrowsByTheWaitingConnections_InABurst() {
        let config = Self.config(.dynamic, max: 8, minSpare: 1, maxSpare: 4)
        #expect(plan(config, Self.snapshot(busy: 2, waiting: 5)).spawn == 5)
        #expect(plan(config, Self.snapshot(busy: 6, waiting: 5)).spawn == 2)
    }

    @Test func dynamic_ShrinksOneLongestIdleWorkerPerSecond() {
        let config = Self.config(.dynamic, minSpare: 1, maxSpare: 2)
        let crowded = Self.snapshot(idle: [50, 10, 30, 40])
        #expect(plan(config, crowded, now: 100, lastShrinkAt: 99.5).retire.isEmpty)
        #expect(plan(config, crowded, now: 100, lastShrinkAt: 98) == ScalingPlan(spawn: 0, retire: [101]))
        #expect(plan(config, Self.snapshot(idle: [1, 2])).retire.isEmpty)
    }

    @Test func ondemand_StartsOnlyForAWaitingConnection_WhenNothingCouldTakeIt() {
        let config = Self.config(.ondemand)
        #expect(plan(config, Self.snapshot()).spawn == 0)
        #expect(plan(config, Self.snapshot(waiting: 1)).spawn == 1)
        #expect(plan(config, Self.snapshot(waiting: 3)).spawn == 3)
        #expect(plan(config, Self.snapshot(busy: 3, waiting: 3)).spawn == 1)
        #expect(plan(config, Self.snapshot(starting: 1, waiting: 1)).spawn == 0)
        #expect(plan(config, Self.snapshot(waiting: 1, oldIdle: 1)).spawn == 0)
    }

    @Test func ondemand_StopsWorkersIdleLongerThanTheTimeout() {
        let config = Self.config(.ondemand, idle: 10)
        #expect(plan(config, Self.snapshot(idle: [85, 95, 91]), now: 100).retire == [100])
        #expect(plan(config, Self.snapshot(idle: [95]), now: 100).retire.isEmpty)
    }
}
