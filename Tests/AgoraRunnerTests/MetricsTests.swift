import AgoraCore
import CScoreboard
import Glibc
import Testing

@testable import AgoraRunner

/// The scoreboard both sides share, the Prometheus text, and the counters across workers'
/// lives with the real test function.
@Suite struct ScoreboardTests {
    /// A board as the runner creates it, and the worker's own mapping of the same memfd.
    static func pair(slowMS: UInt32 = 0) throws -> (runner: Scoreboard, worker: UnsafeMutablePointer<agora_scoreboard>) {
        let fd = agora_sb_create("test")
        try #require(fd >= 0)
        defer { close(fd) }
        let runner = try #require(Scoreboard(fd: fd))
        let worker = try #require(agora_sb_map(fd))
        agora_sb_init(worker, slowMS * 1000, 1)
        return (runner, worker)
    }

    @Test func theWorkersWrites_AreWhatTheRunnerReads() throws {
        let (runner, worker) = try Self.pair(slowMS: 100)
        defer { agora_sb_unmap(worker) }
        agora_sb_set_label(worker, 0, "- unmatched")
        agora_sb_set_label(worker, 1, "GET /api/blogs/{id}/")
        agora_sb_ready(worker, 5_000_000_000)
        var live = try #require(runner.live())
        #expect(live.state == UInt64(AGORA_SB_IDLE) && live.begun == 0 && live.since_ns == 5_000_000_000)

        agora_sb_begin(worker, 1, "GET", 6_000_000_000)
        live = try #require(runner.live())
        #expect(live.state == UInt64(AGORA_SB_BUSY) && live.begun == 1 && live.finished == 0 && live.label == 1)
        #expect(Runner.method(live) == "GET" && runner.label(Int(live.label)) == ("GET", "/api/blogs/{id}/"))
        agora_sb_end(worker, 200, 1_500, 0, 6_001_500_000)          // 1.5 ms: the 2.5 ms bucket
        agora_sb_begin(worker, 1, "GET", 7_000_000_000)
        agora_sb_end(worker, 404, 150_000, 1, 7_150_000_000)        // 150 ms, aborted, slow
        agora_sb_begin(worker, 0, String(repeating: "X", count: 500), 8_000_000_000)
        agora_sb_end(worker, 299, 20_000_000, 0, 8_020_000_000)     // 20 s: past every bucket
        live = try #require(runner.live())
        #expect(live.state == UInt64(AGORA_SB_IDLE) && live.begun == 3 && live.finished == 3 && live.slow == 2)
        #expect(live.since_ns == 8_020_000_000 && live.last_status == 299)
        #expect(Runner.method(live).count == Int(AGORA_SB_METHOD) - 1)

        var totals: [RouteKey: RouteCounters] = [:]
        runner.addCounters(into: &totals)
        let blog = try #require(totals[RouteKey(method: "GET", route: "/api/blogs/{id}/")])
        #expect(blog.total == 2 && blog.aborts == 1 && blog.durationMicroseconds == 151_500)
        #expect(blog.status[Int(agora_sb_status_index(200))] == 1 && blog.status[Int(agora_sb_status_index(404))] == 1)
        #expect(blog.buckets[1] == 1 && blog.buckets[7] == 1 && blog.buckets.reduce(0, +) == 2)
        let other = try #require(totals[RouteKey(method: "-", route: "unmatched")])
        #expect(other.total == 1 && other.status.last == 1 && other.buckets.reduce(0, +) == 0)
        #expect(RouteCounters.statusCode(Int(AGORA_SB_STATUSES) - 1) == nil && RouteCounters.statusCode(0) == 200)
        #expect(RouteCounters.bucketBounds.first == 0.001 && RouteCounters.bucketBounds.last == 10)
    }

    @Test func aBoardNoWorkerInitialised_HasNoCounters_AndHostileLabelsStayBounded() throws {
        let fd = agora_sb_create("test")
        try #require(fd >= 0)
        defer { close(fd) }
        let runner = try #require(Scoreboard(fd: fd))
        var totals: [RouteKey: RouteCounters] = [:]
        runner.addCounters(into: &totals)
        #expect(totals.isEmpty)
        // A worker that writes a label without its NUL, and a label count past the table.
        let worker = try #require(agora_sb_map(fd))
        defer { agora_sb_unmap(worker) }
        agora_sb_init(worker, 0, 1)
        withUnsafeMutableBytes(of: &worker.pointee.labels) { raw in
            for index in raw.indices { raw[index] = UInt8(ascii: "A") }
        }
        worker.pointee.label_count = 100_000
        agora_sb_begin(worker, 5, "GET", 1)
        agora_sb_end(worker, 200, 1, 0, 2)
        runner.addCounters(into: &totals)
        #expect(totals.count == 1 && totals.keys.first?.route.count == Int(AGORA_SB_LABEL) - 1)
    }

    @Test func labelValues_AreEscaped_AndNumbersWrittenAsPrometheusReadsThem() {
        var writer = MetricsWriter()
        writer.family("x_total", "counter", "Help.")
        writer.sample("x_total", [("route", "a\"b\\c\nd")], 3)
        writer.sample("x_total", [], 0.25)
        #expect(writer.text == "# HELP x_total Help.\n# TYPE x_total counter\nx_total{route=\"a\\\"b\\\\c\\nd\"} 3\nx_total 0.25\n")
    }
}

@Suite(.serialized, .enabled(if: TestFunction.isBuilt, "agora-testfn is built next to the tests"))
struct MetricsEndToEndTests {
    static func count(_ text: String, _ series: String) -> Int {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Int(line.dropFirst(series.count + 1)) ?? -1
        }
        return 0
    }

    @Test func requestsAreCounted_AndSurviveAKill_AndAbortsAreCounted_AndLogLinesGoStraightToTheLog() throws {
        let harness = try EndToEndTests.harness(#"{"mode":"static","max_workers":1,"max_requests":0,"slow_request":0.2}"#) {
            $0.environment["LOG_LEVEL"] = "info"
        }
        defer { harness.stop() }
        let socket = harness.socketDirectory + "/testfn.sock"
        try harness.wait(for: "ready") { $0.function("testfn").int("idle") == 1 }
        for _ in 0..<5 { #expect(try FastCGIClient.get(socket: socket, path: "/api/test/ok/").status == 200) }
        let ok = #"agora_requests_total{function="testfn",route="/api/test/ok/",method="GET",status="200"}"#
        let histogram = #"agora_request_duration_seconds_count{function="testfn",route="/api/test/ok/",method="GET"}"#
        try harness.wait(for: "five requests counted", timeout: 5) { _ in
            (try? FastCGIClient.metrics(socketDirectory: harness.socketDirectory)).map { Self.count($0, ok) } == 5
        }
        var text = try FastCGIClient.metrics(socketDirectory: harness.socketDirectory)
        #expect(Self.count(text, ok) == 5 && Self.count(text, histogram) == 5)
        let status = try harness.status().function("testfn")
        #expect(status.int("accepted_requests") == 5)
        // The worker writes its JSON lines to the runner's log itself (fd 5), not through it.
        let worker = try #require(status.workerPIDs.first)
        var target = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/\(worker)/fd/5", &target, target.count - 1)
        let path = String(decoding: target.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #expect(length > 0 && path.hasSuffix("/runner.log"))
        try harness.wait(for: "five request lines in the log") { _ in
            harness.logLines().filter { $0["msg"]?.stringValue == "request" && $0["function"]?.stringValue == "testfn"
                && $0["pid"]?.intValue == Int64(worker) }.count == 5
        }

        // A client that gives up (1 s) before a 1.6 s answer: an abort, and a slow request.
        #expect(throws: FastCGIFailure.self) {
            try FastCGIClient.get(socket: socket, path: "/api/test/slow/", query: "ms=1600", timeout: 1)
        }
        let aborts = #"agora_client_aborts_total{function="testfn",route="/api/test/slow/",method="GET"}"#
        try harness.wait(for: "the abort", timeout: 5) { _ in
            (try? FastCGIClient.metrics(socketDirectory: harness.socketDirectory)).map { Self.count($0, aborts) } == 1
        }
        #expect(try harness.status().function("testfn").int("slow_requests") == 1)

        let victim = try #require(harness.status().function("testfn").workerPIDs.first)
        kill(victim, SIGKILL)
        try harness.wait(for: "a new worker") { $0.function("testfn").int("idle") == 1 && !$0.function("testfn").workerPIDs.contains(victim) }
        text = try FastCGIClient.metrics(socketDirectory: harness.socketDirectory)
        #expect(Self.count(text, ok) == 5 && Self.count(text, histogram) == 5 && Self.count(text, aborts) == 1)
        #expect(Self.count(text, #"agora_pool_restarts_total{function="testfn"}"#) == 1)
        #expect(try FastCGIClient.get(socket: socket, path: "/api/test/ok/").status == 200)
        // The worker counts a request once its answer is written: a moment after the client has it.
        try harness.wait(for: "the sixth request counted", timeout: 5) { _ in
            (try? FastCGIClient.metrics(socketDirectory: harness.socketDirectory)).map { Self.count($0, ok) } == 6
        }
    }
}

/// The runner's defences against what a worker or a local client can do to it through metrics.
@Suite(.serialized) struct MetricsDefenceTests {
    @Test func silentAndDripFeedingClients_NeitherStallTheLoop_NorKeepTheirConnection() throws {
        let harness = try RunnerHarness(manifest: #"{"functions":{"a":{"pool":{"mode":"static","max_workers":1}}}}"#,
                                        scripts: ["a": FakeWorkers.idle])
        defer { harness.stop() }
        try harness.wait(for: "ready") { $0.function("a").int("idle") == 1 }
        // 30 connections that send nothing, and one that sends a byte and stops.
        var silent: [Int32] = []
        for _ in 0..<30 { silent.append(try FastCGIClient.connect(socket: harness.socketDirectory + "/metrics.sock")) }
        defer { silent.forEach { close($0) } }
        _ = "G".withCString { send(silent[0], $0, 1, Int32(MSG_NOSIGNAL)) }
        let began = Monotonic.now()
        _ = try harness.status()
        #expect(Monotonic.now() - began < 0.5)
        // Another client is answered meanwhile.
        let text = try FastCGIClient.metrics(socketDirectory: harness.socketDirectory)
        #expect(text.contains("agora_runner_uptime_seconds "))
        // After its deadline the runner has closed each silent connection (a read sees the end).
        usleep(2_600_000)
        var byte: UInt8 = 0
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(silent[1], SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        #expect(recv(silent[1], &byte, 1, 0) == 0)
    }

    @Test func aWorkersImplausibleCounters_AreNotBelieved() throws {
        let worker = WorkerProcess(spawned: SpawnedWorker(pid: 0, stdout: -1, stderr: -1, status: -1, scoreboard: nil),
                                   generation: 1, startedAt: 0, quota: nil)
        var live = agora_sb_live()
        live.begun = 10
        live.finished = 9
        #expect(Runner.plausible(live, after: worker))
        worker.seenBegun = 10
        worker.seenFinished = 9
        live.begun = UInt64.max                       // would trap `accepted += ...`
        #expect(!Runner.plausible(live, after: worker))
        live.begun = 5                                // backwards
        #expect(!Runner.plausible(live, after: worker))
        live.begun = 12
        live.finished = 13                            // more finished than begun
        #expect(!Runner.plausible(live, after: worker))
        live.finished = 12
        live.slow = 1 << 40
        #expect(!Runner.plausible(live, after: worker))
        live.slow = 1
        #expect(Runner.plausible(live, after: worker))
    }
}
