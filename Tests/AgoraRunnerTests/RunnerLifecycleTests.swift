import AgoraCore
import Glibc
import Testing

@testable import AgoraRunner

/// Stop, reload and pool sizing of the runner, against bash-script workers.
@Suite(.serialized) struct RunnerLifecycleTests {
    static let manifest = RunnerProcessTests.manifest

    @Test func stop_SIGKILLsAWorkerDeafToSIGTERM_AfterTheGrace_AndRemovesTheSockets() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["a": #"{"mode":"static","max_workers":2}"#]), scripts: ["a": FakeWorkers.deaf]
        ) { $0.grace = 0.4 }
        let status = try harness.wait(for: "ready") { $0.function("a").int("idle") == 2 }
        let pids = status.function("a").workerPIDs
        let began = Monotonic.now()
        harness.stop()
        let took = Monotonic.now() - began
        #expect(took >= 0.4 && took < 2)
        #expect(pids.allSatisfy { kill($0, 0) != 0 })
        #expect(!TestFiles.exists(harness.socketDirectory + "/a.sock"))
        #expect(!TestFiles.exists(harness.socketDirectory + "/runner.sock"))
        #expect(harness.logLines().contains { $0["msg"]?.stringValue == "worker did not stop in time: killed" })
    }

    @Test func stop_IsQuick_WhenWorkersHonourSIGTERM() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["a": #"{"mode":"static","max_workers":2}"#]), scripts: ["a": FakeWorkers.idle])
        try harness.wait(for: "ready") { $0.function("a").int("idle") == 2 }
        let began = Monotonic.now()
        harness.stop()
        #expect(Monotonic.now() - began < 0.5)
    }

    @Test func reload_StartsTheNewGenerationFirst_AddsAndRemovesFunctions() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["a": #"{"mode":"static","max_workers":1}"#, "b": #"{"mode":"static","max_workers":1}"#]),
            scripts: ["a": FakeWorkers.idle, "b": FakeWorkers.idle, "c": FakeWorkers.idle])
        defer { harness.stop() }
        let before = try harness.wait(for: "ready") { $0.function("a").int("idle") == 1 && $0.function("b").int("idle") == 1 }
        let oldA = try #require(before.function("a").workerPIDs.first)
        harness.rewriteManifest(Self.manifest(["a": #"{"mode":"static","max_workers":2}"#, "c": #"{"mode":"static","max_workers":1}"#]))
        harness.runner.control.send(.reload)
        let after = try harness.wait(for: "new generation") {
            $0.function("a").int("generation") == 2 && $0.function("a").int("idle") == 2 && $0.function("a").int("total") == 2
                && $0.function("c").int("idle") == 1 && $0.function("b") == .null
        }
        #expect(!after.function("a").workerPIDs.contains(oldA))
        #expect(after.int("reloads") == 1)
        #expect(!TestFiles.exists(harness.socketDirectory + "/b.sock"))
        #expect(TestFiles.exists(harness.socketDirectory + "/c.sock"))
        #expect(after.function("a").int("restarts") == 0)
    }

    @Test func reload_KeepsTheOldGenerationServing_WhileTheNewOneCannotStart() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["a": #"{"mode":"static","max_workers":1}"#]), scripts: ["a": FakeWorkers.idle]
        ) { options in
            options.restart.baseDelay = 0.02
            options.restart.breakerThreshold = 3
            options.restart.breakerCooldown = 60
        }
        defer { harness.stop() }
        let before = try harness.wait(for: "ready") { $0.function("a").int("idle") == 1 }
        TestFiles.write(harness.binDirectory + "/agora-a", "#!/bin/bash\nexit 1\n", mode: 0o755)
        harness.runner.control.send(.reload)
        let after = try harness.wait(for: "breaker on the new generation") { $0.function("a")["state"]?.stringValue == "failed" }
        #expect(after.function("a").workerPIDs == before.function("a").workerPIDs)
        #expect(after.function("a").int("idle") == 1)
    }

    @Test func reload_WithAnInvalidManifest_KeepsTheRunningConfiguration() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["a": #"{"mode":"static","max_workers":1}"#]), scripts: ["a": FakeWorkers.idle])
        defer { harness.stop() }
        try harness.wait(for: "ready") { $0.function("a").int("idle") == 1 }
        harness.rewriteManifest(Self.manifest(["a": #"{"mode":"static","max_workers":"many"}"#]))
        harness.runner.control.send(.reload)
        usleep(200_000)
        let status = try harness.status()
        #expect(status.int("reloads") == 0 && status.function("a").int("generation") == 1)
        #expect(harness.logLines().contains { ($0["error"]?.stringValue ?? "").contains("pool.max_workers must be an integer") })
    }

    @Test func dynamicPool_GrowsToMaxWorkers_AndCountsMaxWorkersReached() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["a": #"{"mode":"dynamic","max_workers":3,"start_workers":1,"min_spare":1,"max_spare":2}"#]),
            scripts: ["a": FakeWorkers.busy])
        defer { harness.stop() }
        let status = try harness.wait(for: "3 busy") { $0.function("a").int("busy") == 3 }
        #expect(status.function("a").int("total") == 3)
        #expect(status.function("a").int("max_children_reached") == 1)
    }

    @Test func dynamicPool_ShrinksToMaxSpare_OneWorkerPerSecond() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["a": #"{"mode":"dynamic","max_workers":4,"start_workers":3,"min_spare":1,"max_spare":2}"#]),
            scripts: ["a": FakeWorkers.idle])
        defer { harness.stop() }
        try harness.wait(for: "3 started") { $0.function("a").int("total") == 3 }
        let status = try harness.wait(for: "shrink to 2", timeout: 3) {
            $0.function("a").int("idle") == 2 && $0.function("a").int("total") == 2
        }
        #expect(status.function("a").int("restarts") == 0)
    }

    @Test func ondemandPool_StartsWithNoWorker() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["a": #"{"mode":"ondemand","max_workers":2}"#]), scripts: ["a": FakeWorkers.idle])
        defer { harness.stop() }
        usleep(200_000)
        #expect(try harness.status().function("a").int("total") == 0)
    }

    @Test func runner_RefusesASocketInUse() throws {
        let harness = try RunnerHarness(
            manifest: Self.manifest(["a": #"{"mode":"static","max_workers":1}"#]), scripts: ["a": FakeWorkers.idle])
        defer { harness.stop() }
        try harness.wait(for: "ready") { $0.function("a").int("idle") == 1 }
        let options = RunnerOptions(
            manifestPath: harness.manifestPath, socketDirectory: harness.socketDirectory, binDirectory: harness.binDirectory)
        #expect { try Runner(options: options) } throws: { error in
            "\(error)".contains("is in use by a running process")
        }
    }
}
