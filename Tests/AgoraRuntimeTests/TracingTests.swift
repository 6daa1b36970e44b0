import AgoraCore
import Logging
import Testing
@testable import AgoraRuntime

/// W3C Trace Context: the `traceparent` a request brings is continued (a malformed one is
/// ignored and a trace started), every response names the worker's span, and the request's
/// log lines carry the trace id.
struct TracingTests {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let parentID = "00f067aa0ba902b7"
    static let valid = "00-\(traceID)-\(parentID)-01"

    // MARK: parsing

    @Test func traceparent_IsParsed_WhenValid() throws {
        let parent = try #require(TraceParent(Self.valid))
        #expect(parent.version == 0)
        #expect(parent.traceID == Self.traceID)
        #expect(parent.parentID == Self.parentID)
        #expect(parent.flags == 1)
        #expect(TraceParent("00-\(Self.traceID)-\(Self.parentID)-00")?.flags == 0)
    }

    @Test(arguments: [
        ("uppercase trace id", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"),
        ("uppercase parent id", "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01"),
        ("uppercase flags", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A"),
        ("uppercase version", "0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        ("all-zero trace id", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"),
        ("all-zero parent id", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"),
        ("short trace id", "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01"),
        ("long trace id", "00-4bf92f3577b34da6a3ce929d0e0e47366-00f067aa0ba902b7-01"),
        ("short parent id", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01"),
        ("short flags", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1"),
        ("version 00 with more fields", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"),
        ("version ff", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        ("one-digit version", "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        ("non-hex", "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01"),
        ("wrong separator", "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01"),
        ("future version, field glued on", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x"),
        ("padded", " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
        ("empty", ""),
    ])
    func traceparent_IsRejected_WhenMalformed(_ why: String, _ header: String) {
        #expect(TraceParent(header) == nil, "\(why)")
    }

    /// A parser that knows version 00 reads a higher version's first four fields and ignores the
    /// rest (the spec's forward compatibility).
    @Test(arguments: [
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-will-be-like",
    ])
    func traceparent_OfAFutureVersion_IsAccepted(_ header: String) throws {
        let parent = try #require(TraceParent(header))
        #expect(parent.traceID == Self.traceID)
        #expect(parent.parentID == Self.parentID)
        #expect(parent.flags == 1)
    }

    // MARK: the request's span

    @Test func trace_ContinuesAValidHeader_WithANewSpan() {
        let trace = TraceContext(header: Self.valid, random: { [UInt8](repeating: 0xAB, count: $0) })
        #expect(trace.isContinued)
        #expect(trace.traceID == Self.traceID)
        #expect(trace.parentID == Self.parentID)
        #expect(trace.spanID == "abababababababab")
        #expect(trace.traceparent == "00-\(Self.traceID)-abababababababab-01")
    }

    @Test func trace_KeepsTheSampledFlagOnly() {
        let unsampled = TraceContext(header: "00-\(Self.traceID)-\(Self.parentID)-00", random: systemRandom)
        #expect(unsampled.traceparent.hasSuffix("-00"))
        let unknownBits = TraceContext(header: "00-\(Self.traceID)-\(Self.parentID)-ff", random: systemRandom)
        #expect(unknownBits.traceparent.hasSuffix("-01"))
    }

    @Test func trace_Starts_WhenTheHeaderIsMissingOrMalformed() throws {
        for header in [nil, "00-\(Self.traceID.uppercased())-\(Self.parentID)-01", "garbage"] {
            let trace = TraceContext(header: header, random: systemRandom)
            #expect(!trace.isContinued)
            #expect(trace.parentID == nil)
            #expect(trace.traceID != Self.traceID)
            #expect(TraceParent(trace.traceparent) != nil, "\(trace.traceparent)")
        }
    }

    @Test func generatedIDs_AreWellFormedAndUnique() throws {
        var traces = Set<String>()
        var spans = Set<String>()
        for _ in 0..<2000 {
            var request = Request(method: "GET", path: "/")
            let trace = request.startTrace()
            let parent = try #require(TraceParent(trace.traceparent))
            #expect(parent.traceID == trace.traceID && parent.parentID == trace.spanID)
            traces.insert(trace.traceID)
            spans.insert(trace.spanID)
        }
        #expect(traces.count == 2000)
        #expect(spans.count == 2000)
    }

    /// A generator that returns zeros still gives valid (non-zero) ids.
    @Test func ids_AreNeverAllZeros() throws {
        let trace = TraceContext(header: nil, random: { [UInt8](repeating: 0, count: $0) })
        #expect(TraceParent(trace.traceparent) != nil)
    }

    // MARK: through the worker

    @Test func response_CarriesTheIncomingTraceWithTheWorkersSpan() throws {
        let harness = try Harness()
        var request = Request(method: "GET", path: "/api/t/", requestID: "r1")
        request.headers["traceparent"] = Self.valid
        let response = harness.worker.handle(request)
        harness.worker.finished(response, aborted: false)
        #expect(response.status == 200)
        let header = try #require(response.header("traceparent"))
        let parent = try #require(TraceParent(header))
        #expect(parent.traceID == Self.traceID)
        #expect(parent.parentID != Self.parentID)
        #expect(response.header("X-Request-ID") == "r1")
    }

    @Test func response_StartsATrace_WhenNoneCameIn() throws {
        let harness = try Harness()
        let first = harness.worker.handle(Request(method: "GET", path: "/api/t/"))
        let second = harness.worker.handle(Request(method: "GET", path: "/api/t/"))
        let a = try #require(first.header("traceparent").flatMap(TraceParent.init))
        let b = try #require(second.header("traceparent").flatMap(TraceParent.init))
        #expect(a.traceID != b.traceID)
    }

    /// Error envelopes (a 404 from the router, a 413 the transport rejects, the upload gate's
    /// 401) name the span too.
    @Test func errorResponses_CarryTraceparent() throws {
        let harness = try Harness()
        var missing = Request(method: "GET", path: "/api/nowhere/")
        missing.headers["traceparent"] = Self.valid
        let notFound = harness.worker.handle(missing)
        #expect(notFound.status == 404)
        #expect(notFound.header("traceparent")?.contains(Self.traceID) == true)

        var large = Request(method: "POST", path: "/api/t/")
        large.headers["traceparent"] = Self.valid
        let rejected = harness.worker.reject(request: &large, APIError.payloadTooLarge)
        #expect(rejected.status == 413)
        #expect(rejected.header("traceparent")?.contains(Self.traceID) == true)

        var upload = Request(method: "POST", path: "/api/t/")
        upload.headers["traceparent"] = Self.valid
        let gate = harness.worker.gate(upload)
        #expect(gate.status == 401)
        #expect(gate.header("traceparent")?.contains(Self.traceID) == true)
    }

    @Test func logLines_CarryTheTraceID() throws {
        let harness = try Harness()
        var request = Request(method: "GET", path: "/api/t/", requestID: "r2")
        request.headers["traceparent"] = Self.valid
        let response = harness.worker.handle(request)
        harness.worker.finished(response, aborted: false)
        let lines = harness.log.lines
        // The handler's own line (through the request's logger) and the worker's request line.
        let handler = try #require(lines.first { $0.message == "handler ran" })
        #expect(handler.metadata["trace_id"] == Self.traceID)
        #expect(handler.metadata["request_id"] == "r2")
        let summary = try #require(lines.first { $0.message == "request" })
        #expect(summary.metadata["trace_id"] == Self.traceID)
        #expect(summary.metadata["request_id"] == "r2")
        #expect(summary.metadata["status"] == "200")
    }

    /// Only a request that carried a valid `traceparent` renames its statements' session.
    @Test func applicationName_IsTheTraces_OnlyForTracedRequests() throws {
        let harness = try Harness()
        var traced = Request(method: "GET", path: "/api/t/")
        traced.headers["traceparent"] = Self.valid
        var malformed = Request(method: "GET", path: "/api/t/")
        malformed.headers["traceparent"] = "00-\(Self.traceID)-0000000000000000-01"
        let seen = [traced, malformed, Request(method: "GET", path: "/api/t/")].map { request in
            harness.worker.handle(request).header("X-Application-Name")
        }
        #expect(seen == ["agora-tracetest \(Self.traceID)", "-", "-"])
        #expect(harness.app.database.applicationName == "agora-tracetest")
        #expect(harness.app.database.requestApplicationName == nil)
    }
}

func systemRandom(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255) } }

/// A function with one route that logs through the request's logger, served by a worker whose
/// log events are captured; no database is touched.
final class Harness {
    let log = CapturedLog()
    let app: FunctionApp
    let worker: Worker

    init() throws {
        let config = try Config.fromEnvironment([
            "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "JWT_SECRET": String(repeating: "s", count: 32),
        ])
        var router = Router<Context>()
        let doc = OperationDoc("t", "A test route", responses: [])
        router.get("/api/t/", doc) { _, context in
            context.logger.info("handler ran")
            // What the handler's statements would run under.
            return Response(status: 200, headers: [("X-Application-Name", context.db.requestApplicationName ?? "-")])
        }
        router.post("/api/t/", auth: .required, doc) { _, _ in .noContent }
        let log = log
        app = FunctionApp(name: "tracetest", router: router, config: config, logHandler: { label in
            CapturingHandler(label: label, log: log)
        })
        worker = Worker(app: app, status: StatusReporter(environment: [:]))
    }
}

final class CapturedLog: @unchecked Sendable {
    struct Line {
        let message: String
        let metadata: [String: String]
    }
    var lines: [Line] = []
}

struct CapturingHandler: LogHandler {
    let label: String
    let log: CapturedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        log.lines.append(.init(message: event.message.description, metadata: merged.mapValues { $0.description }))
    }
}
