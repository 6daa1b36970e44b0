import AgoraCore
import Glibc
import Testing

@testable import AgoraRunner

/// The runner against real processes: bash scripts that speak the status-pipe protocol.
@Suite(.serialized) struct RunnerProcessTests {
    static func manifest(_ pools: [String: String]) -> String {
        let functions = pools.map { "\"\($0.key)\":{\"pool\":\($0.value)}" }.joined(separator: ",")
        return "{\"defaults\":{\"pool\":{\"max_requests\":0}},\"functions\":{\(functions)}}"
    }

    @Test func staticPool_ReplacesAKilledWorker_WithinASecond() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["a": #"{"mode":"static","max_workers":3}"#]), scripts: ["a": FakeWorkers.idle])
        defer { harness.stop() }
        let ready = try harness.wait(for: "3 idle") { $0.function("a").int("idle") == 3 }
        let victim = try #require(ready.function("a").workerPIDs.first)
        let killedAt = Monotonic.now()
        kill(victim, SIGKILL)
        let after = try harness.wait(for: "replacement", timeout: 1) {
            $0.function("a").int("idle") == 3 && !$0.function("a").workerPIDs.contains(victim)
        }
        #expect(Monotonic.now() - killedAt < 1)
        #expect(after.function("a").int("restarts") == 1)
        #expect(after.function("a").int("total") == 3)
    }

    @Test func crashLoopingFunction_TripsTheBreaker_WhileAnotherKeepsServing() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["bad": #"{"mode":"static","max_workers":2}"#, "good": #"{"mode":"static","max_workers":1}"#]),
            scripts: ["bad": FakeWorkers.crashAtStart, "good": FakeWorkers.idle]
        ) { options in
            options.restart.baseDelay = 0.05
            options.restart.breakerThreshold = 4
            options.restart.breakerCooldown = 0.5
        }
        defer { harness.stop() }
        let tripped = try harness.wait(for: "breaker") { $0.function("bad")["state"]?.stringValue == "failed" }
        #expect(tripped.function("bad").int("start_failures") >= 4)
        #expect(tripped.function("bad").int("total") == 0)
        // Retried after the cool-down, fails again, trips again.
        try harness.wait(for: "second trip") { $0.function("bad").int("breaker_trips") >= 2 }
        let good = try harness.status().function("good")
        #expect(good.int("idle") == 1 && good.int("restarts") == 0 && good["state"]?.stringValue == "running")
        #expect(harness.logLines().contains { $0["level"]?.stringValue == "critical" && $0["function"]?.stringValue == "bad" })
    }

    @Test func missingBinary_CountsAsAFailedStart() throws {
        let harness = try RunnerHarness(manifest: Self.manifest(["ghost": #"{"mode":"static","max_workers":1}"#])) { options in
            options.restart.baseDelay = 0.02
            options.restart.breakerThreshold = 3
            options.restart.breakerCooldown = 60
        }
        defer { harness.stop() }
        try harness.wait(for: "breaker") { $0.function("ghost")["state"]?.stringValue == "failed" }
        #expect(harness.logLines().contains { ($0["error"]?.stringValue ?? "").contains("No such file or directory") })
    }

    @Test func requestTimeout_KillsAStuckWorker_DeafToSIGTERM() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["a": #"{"mode":"static","max_workers":1,"request_timeout":0.3}"#]),
            scripts: ["a": FakeWorkers.stuck]
        ) { $0.timeoutMargin = 0.2 }
        defer { harness.stop() }
        let first = try harness.wait(for: "busy") { $0.function("a").int("busy") == 1 }
        let stuck = try #require(first.function("a").workerPIDs.first)
        let worker = try #require(first.function("a")["workers"]?.arrayValue?.first)
        #expect(worker["route"]?.stringValue == "/api/stuck/")
        let after = try harness.wait(for: "timeout kill", timeout: 2) {
            $0.function("a").int("timeouts") >= 1 && !$0.function("a").workerPIDs.contains(stuck)
        }
        #expect(after.function("a").int("total") == 1)
        #expect(harness.logLines().contains { $0["msg"]?.stringValue == "request timeout: worker killed" && $0["route"]?.stringValue == "/api/stuck/" })
    }

    @Test func slowRequest_IsCountedAndLoggedWithItsRoute() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["a": #"{"mode":"static","max_workers":1,"slow_request":0.2}"#]),
            scripts: ["a": FakeWorkers.slow])
        defer { harness.stop() }
        let status = try harness.wait(for: "slow request") { $0.function("a").int("slow_requests") == 1 }
        #expect(status.function("a").int("accepted_requests") == 1)
        #expect(harness.logLines().contains { ($0["msg"]?.stringValue ?? "").hasPrefix("slow request") && $0["route"]?.stringValue == "/api/slow/" })
    }

    @Test func maxRequests_RecyclesTheWorker() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["a": #"{"mode":"static","max_workers":1,"max_requests":3,"max_requests_jitter":0}"#]),
            scripts: ["a": FakeWorkers.threeRequests])
        defer { harness.stop() }
        let status = try harness.wait(for: "two recycles") { $0.function("a").int("recycles") >= 2 }
        #expect(status.function("a").int("restarts") == 0)
        #expect(status.function("a").int("accepted_requests") >= 6)
    }

    @Test func maxMemory_RecyclesAWorkerAboveTheCeiling() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["a": #"{"mode":"static","max_workers":1,"max_memory_mb":20}"#]),
            scripts: ["a": FakeWorkers.memoryHog])
        defer { harness.stop() }
        try harness.wait(for: "memory recycle") { $0.function("a").int("recycles") >= 1 }
        #expect(harness.logLines().contains { $0["msg"]?.stringValue == "recycling worker: max_memory_mb" && ($0["rss_kb"]?.intValue ?? 0) > 20 * 1024 })
    }

    @Test func workerOutput_IsForwardedAsJSONLines_TaggedWithFunctionAndPid() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["a": #"{"mode":"static","max_workers":1}"#]), scripts: ["a": FakeWorkers.chatty])
        defer { harness.stop() }
        let status = try harness.wait(for: "ready") { $0.function("a").int("idle") == 1 }
        let pid = Int64(try #require(status.function("a").workerPIDs.first))
        let lines = harness.logLines()
        #expect(lines.contains { $0 == ["function": "a", "pid": .int(pid), "stream": "stdout", "line": "plain text"] })
        #expect(lines.contains { $0 == ["function": "a", "pid": .int(pid), "msg": "from worker", "level": "info"] })
    }
}
