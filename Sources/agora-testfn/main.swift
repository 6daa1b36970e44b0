// A test-only function (never listed in functions.json, only in functions.test.json): routes
// that are slow, crash, hold memory or echo JSON, so the runner and the transports can be tested
// against real processes.
import AgoraCore
import AgoraRuntime

#if canImport(Glibc)
import Glibc
#endif

nonisolated(unsafe) var retained: [[UInt8]] = []

FunctionMain.run("testfn") { router in
    router.get("/api/test/ok/") { request, _ in
        .json(["ok": true, "pid": .int(Int64(getpid()))])
    }
    router.get("/api/test/slow/") { request, _ in
        let milliseconds = Int(request.query["ms"] ?? "") ?? 100
        usleep(UInt32(min(max(milliseconds, 0), 120_000)) * 1000)
        return .json(["slept_ms": .int(Int64(milliseconds)), "pid": .int(Int64(getpid()))])
    }
    router.get("/api/test/crash/") { _, _ in
        exit(3)
    }
    router.get("/api/test/memory/") { request, _ in
        let megabytes = Int(request.query["mb"] ?? "") ?? 10
        var block = [UInt8](repeating: 1, count: min(max(megabytes, 0), 512) << 20)
        block[0] = 2
        retained.append(block)
        return .json(["retained_mb": .int(Int64(retained.reduce(0) { $0 + $1.count } >> 20)), "pid": .int(Int64(getpid()))])
    }
    router.post("/api/test/echo/") { request, _ in
        var fields = try request.validator()
        let title = fields.string("title", length: 1...200)
        let count = fields.int("count", required: false, range: 0...100)
        try fields.finish()
        return .json(["title": .string(title), "count": .int(count)], status: 201)
    }
    router.get("/api/test/items/{id}/") { request, _ in
        .json(["id": .int(try request.id())])
    }
}
