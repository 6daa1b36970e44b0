import AgoraCore
import Glibc
import Testing

@testable import AgoraRunner

/// Limits and failures: recycling, request timeout, crashes, the breaker.
extension EndToEndTests {
    @Test func maxRequests_RecyclesWorkers_WithoutFailingARequest() throws {
        let harness = try Self.harness(#"{"mode":"static","max_workers":1,"max_requests":4,"max_requests_jitter":0}"#)
        defer { harness.stop() }
        let socket = harness.socketDirectory + "/testfn.sock"
        try harness.wait(for: "ready") { $0.function("testfn").int("idle") == 1 }
        var pids: [Int64] = []
        for _ in 0..<12 {
            let response = try FastCGIClient.get(socket: socket, path: "/api/test/ok/", timeout: 5)
            #expect(response.status == 200)
            pids += Self.pid(response.body).map { [$0] } ?? []
            usleep(80_000)
        }
        #expect(pids.count == 12)
        // The first worker served its quota (4; one more if it did not exit by itself and a
        // request came before its SIGTERM), then others took over.
        #expect(Array(pids.prefix(4)).allSatisfy { $0 == pids[0] })
        #expect(Set(pids).count >= 2)
        #expect(try harness.status().function("testfn").int("recycles") >= 2)
    }

    @Test func maxMemory_RecyclesAWorkerAboveTheCeiling() throws {
        let harness = try Self.harness(#"{"mode":"static","max_workers":1,"max_memory_mb":48}"#)
        defer { harness.stop() }
        let socket = harness.socketDirectory + "/testfn.sock"
        try harness.wait(for: "ready") { $0.function("testfn").int("idle") == 1 }
        let fat = try FastCGIClient.get(socket: socket, path: "/api/test/memory/", query: "mb=64", timeout: 5)
        #expect(fat.status == 200)
        let fatPID = try #require(Self.pid(fat.body))
        try harness.wait(for: "recycle") {
            $0.function("testfn").int("recycles") >= 1 && $0.function("testfn").int("idle") == 1
                && !$0.function("testfn").workerPIDs.contains(pid_t(fatPID))
        }
        let next = try FastCGIClient.get(socket: socket, path: "/api/test/ok/", timeout: 5)
        #expect(next.status == 200 && Self.pid(next.body) != fatPID)
    }

    @Test func requestTimeout_KillsTheStuckWorker_AndTheNextRequestIsServed() throws {
        let harness = try Self.harness(#"{"mode":"static","max_workers":1,"request_timeout":0.5}"#) { $0.timeoutMargin = 0.3 }
        defer { harness.stop() }
        let socket = harness.socketDirectory + "/testfn.sock"
        try harness.wait(for: "ready") { $0.function("testfn").int("idle") == 1 }
        let began = Monotonic.now()
        #expect(throws: FastCGIFailure.self) {
            try FastCGIClient.get(socket: socket, path: "/api/test/slow/", query: "ms=5000", timeout: 5)
        }
        #expect(Monotonic.now() - began < 2)
        let next = try FastCGIClient.get(socket: socket, path: "/api/test/ok/", timeout: 5)
        #expect(next.status == 200)
        let function = try harness.status().function("testfn")
        #expect(function.int("timeouts") == 1 && function.int("slow_requests") == 0)
        #expect(harness.logLines().contains { $0["msg"]?.stringValue == "request timeout: worker killed" && $0["route"]?.stringValue == "/api/test/slow/" })
    }

    @Test func crashLoopingFunction_TripsTheBreaker_WhileTestfnKeepsServing() throws {
        // The real binary, started with a configuration it refuses: it exits at start every time.
        let crashy = "JWT_SECRET=short exec \(TestFunction.binary)"
        let harness = try Self.harness(
            #"{"mode":"static","max_workers":2}"#, extra: #","crashy":{"pool":{"mode":"static","max_workers":2}}"#,
            scripts: ["crashy": crashy]
        ) { options in
            options.restart.baseDelay = 0.05
            options.restart.breakerThreshold = 4
        }
        defer { harness.stop() }
        let socket = harness.socketDirectory + "/testfn.sock"
        let load = Load(clients: 2, requests: 40, socket: socket, path: "/api/test/ok/", pause: 10_000)
        let status = try harness.wait(for: "breaker") { $0.function("crashy")["state"]?.stringValue == "failed" }
        let result = load.finish()
        #expect(result.failures.isEmpty && result.statuses.count == 80)
        #expect(status.function("testfn").int("restarts") == 0)
        #expect(harness.logLines().contains { $0["msg"]?.stringValue?.hasPrefix("crash storm") == true })
    }

    @Test func crashInARequest_IsReplacedAtOnce_WithoutTrippingTheBreaker() throws {
        let harness = try Self.harness(#"{"mode":"static","max_workers":1}"#)
        defer { harness.stop() }
        let socket = harness.socketDirectory + "/testfn.sock"
        try harness.wait(for: "ready") { $0.function("testfn").int("idle") == 1 }
        for _ in 0..<3 {
            #expect(throws: FastCGIFailure.self) { try FastCGIClient.get(socket: socket, path: "/api/test/crash/", timeout: 5) }
        }
        #expect(try FastCGIClient.get(socket: socket, path: "/api/test/ok/", timeout: 5).status == 200)
        let function = try harness.status().function("testfn")
        #expect(function.int("restarts") == 3 && function["state"]?.stringValue == "running")
    }
}
