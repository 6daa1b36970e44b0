// A test-only function (never listed in functions.json, only in functions.test.json): routes
// that are slow, crash, hold memory or echo JSON, so the runner and the transports can be tested
// against real processes.
import AgoraCore
import AgoraRuntime

#if canImport(Glibc)
import Glibc
#endif

nonisolated(unsafe) var retained: [[UInt8]] = []

/// The routes, documented tersely: the test-only function is never in the published document.
enum TestFunction: FunctionDefinition {
    static let name = "testfn"
    static let summary = "Test-only routes."
    static let doc = OperationDoc("testfn", "A test route", responses: [])
    static let echo = RequestBody(Field.string("title", length: 1...200), Field.int("count", range: 0...100).optional())

    static func routes(_ router: inout Router<Context>) {
        router.get("/api/test/ok/", doc) { _, _ in
            .json(["ok": true, "pid": .int(Int64(getpid()))])
        }
        router.get("/api/test/slow/", doc) { request, _ in
            let milliseconds = Int(request.query["ms"] ?? "") ?? 100
            usleep(UInt32(min(max(milliseconds, 0), 120_000)) * 1000)
            return .json(["slept_ms": .int(Int64(milliseconds)), "pid": .int(Int64(getpid()))])
        }
        router.get("/api/test/crash/", doc) { _, _ in
            exit(3)
        }
        router.get("/api/test/memory/", doc) { request, _ in
            let megabytes = Int(request.query["mb"] ?? "") ?? 10
            var block = [UInt8](repeating: 1, count: min(max(megabytes, 0), 512) << 20)
            block[0] = 2
            retained.append(block)
            let total = retained.reduce(0) { $0 + $1.count } >> 20
            return .json(["retained_mb": .int(Int64(total)), "pid": .int(Int64(getpid()))])
        }
        router.post("/api/test/echo/", doc) { request, _ in
            let (title, count) = try echo.decode(request)
            return .json(["title": .string(title), "count": .int(count)], status: 201)
        }
        router.get("/api/test/items/{id}/", doc) { request, _ in
            .json(["id": .int(try request.id())])
        }
    }
}

FunctionMain.run(TestFunction.self)
