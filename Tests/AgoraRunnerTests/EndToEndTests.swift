import AgoraCore
import Glibc
import Testing

@testable import AgoraRunner

/// The runner with the real FastCGI test function (`agora-testfn`), spoken to over its socket
/// with a FastCGI client, as nginx would (without nginx, so the 504 is not part of these tests).
@Suite(.serialized, .enabled(if: TestFunction.isBuilt, "agora-testfn is built next to the tests"))
struct EndToEndTests {
    static func harness(_ pool: String, extra: String = "", scripts: [String: String] = [:],
                        configure: (inout RunnerOptions) -> Void = { _ in }) throws -> RunnerHarness {
        let manifest = "{\"functions\":{\"testfn\":{\"pool\":\(pool)}\(extra)}}"
        return try RunnerHarness(manifest: manifest, scripts: scripts, links: ["testfn": TestFunction.binary]) { options in
            options.environment.merge(TestFunction.environment) { $1 }
            configure(&options)
        }
    }

    static func pid(_ body: String) -> Int64? {
        (try? JSON.parse(body))?["pid"]?.intValue
    }

    @Test func killedWorkers_UnderLoad_OthersTakeTheLoad_AndThePoolIsBackWithinASecond() throws {
        let harness = try Self.harness(#"{"mode":"static","max_workers":3,"max_requests":0}"#)
        defer { harness.stop() }
        let socket = harness.socketDirectory + "/testfn.sock"
        try harness.wait(for: "3 idle") { $0.function("testfn").int("idle") == 3 }
        let load = Load(clients: 4, requests: 60, socket: socket, path: "/api/test/slow/", query: "ms=5")
        var killed: [pid_t] = []
        for _ in 0..<3 {
            usleep(120_000)
            let pids = try harness.status().function("testfn").workerPIDs.filter { !killed.contains($0) }
            guard let victim = pids.randomElement() else { continue }
            kill(victim, SIGKILL)
            killed.append(victim)
        }
        let lastKill = Monotonic.now()
        try harness.wait(for: "pool back to 3", timeout: 1) {
            let function = $0.function("testfn")
            return function.int("total") == 3 && function["workers"]?.arrayValue?.allSatisfy { $0["state"]?.stringValue != "starting" } == true
                && !function.workerPIDs.contains { killed.contains($0) }
        }
        #expect(Monotonic.now() - lastKill < 1)
        let result = load.finish()
        // Only a request in the hands of a killed worker can be lost; everything else is served.
        #expect(result.failures.count <= killed.count, "failures: \(result.failures)")
        #expect(result.statuses.count + result.failures.count == 240)
        #expect(result.statuses.allSatisfy { $0 == 200 })
        #expect(try harness.status().function("testfn").int("restarts") == killed.count)
    }

    @Test func reload_UnderLoad_FailsNoRequest_AndAppliesTheNewPoolSize() throws {
        let harness = try Self.harness(#"{"mode":"static","max_workers":2}"#)
        defer { harness.stop() }
        let socket = harness.socketDirectory + "/testfn.sock"
        try harness.wait(for: "2 idle") { $0.function("testfn").int("idle") == 2 }
        let load = Load(clients: 4, requests: 50, socket: socket, path: "/api/test/slow/", query: "ms=10")
        usleep(150_000)
        harness.rewriteManifest(#"{"functions":{"testfn":{"pool":{"mode":"static","max_workers":3}}}}"#)
        harness.runner.control.send(.reload)
        let result = load.finish()
        #expect(result.failures.isEmpty, "failures: \(result.failures)")
        #expect(result.statuses.count == 200 && result.statuses.allSatisfy { $0 == 200 })
        let status = try harness.wait(for: "generation 2 of 3") {
            let function = $0.function("testfn")
            return function.int("generation") == 2 && function.int("total") == 3 && function.int("idle") == 3
        }
        #expect(status.function("testfn").int("restarts") == 0)
    }

    @Test func ondemand_GoesFromZeroToOneToZero() throws {
        let harness = try Self.harness(#"{"mode":"ondemand","max_workers":2,"idle_timeout":0.5}"#)
        defer { harness.stop() }
        let socket = harness.socketDirectory + "/testfn.sock"
        usleep(100_000)
        #expect(try harness.status().function("testfn").int("total") == 0)
        let response = try FastCGIClient.get(socket: socket, path: "/api/test/ok/", timeout: 5)
        #expect(response.status == 200)
        let one = try harness.status().function("testfn")
        #expect(one.int("total") == 1 && one.int("accepted_requests") == 1)
        try harness.wait(for: "scale to zero", timeout: 2) { $0.function("testfn").int("total") == 0 }
        #expect(try FastCGIClient.get(socket: socket, path: "/api/test/ok/", timeout: 5).status == 200)
    }

    @Test func dynamicPool_GrowsUnderABurst_AndReportsTheListenQueue() throws {
        let harness = try Self.harness(#"{"mode":"dynamic","max_workers":3,"start_workers":1,"min_spare":1,"max_spare":2}"#)
        defer { harness.stop() }
        let socket = harness.socketDirectory + "/testfn.sock"
        try harness.wait(for: "ready") { $0.function("testfn").int("idle") == 1 }
        let load = Load(clients: 5, requests: 1, socket: socket, path: "/api/test/slow/", query: "ms=800")
        let busy = try harness.wait(for: "3 busy and a queue", timeout: 2) {
            $0.function("testfn").int("busy") == 3 && $0.function("testfn").int("listen_queue") >= 1
        }
        #expect(busy.function("testfn").int("max_children_reached") >= 1)
        let result = load.finish()
        #expect(result.failures.isEmpty && result.statuses == [200, 200, 200, 200, 200])
        #expect(try harness.status().function("testfn").int("slow_requests") == 0)
    }
}
