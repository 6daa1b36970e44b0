import AgoraFastCGI

#if canImport(Glibc)
import Glibc
#endif

/// The worker's own recycling: the runner passes the request quota (with its jitter) and the
/// memory ceiling, and the worker exits between two requests when one is reached — never while
/// a connection is accepted but unanswered, which a SIGTERM from outside could cause.
struct Recycle {
    let maxRequests: Int?
    let maxMemoryKB: Int?
    var served = 0
    static let memoryEvery = 8

    init(environment: [String: String]) {
        maxRequests = environment["AGORA_MAX_REQUESTS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
        maxMemoryKB = environment["AGORA_MAX_MEMORY_MB"].flatMap(Int.init).flatMap { $0 > 0 ? $0 * 1024 : nil }
        if environment["AGORA_STATUS_FD"] != nil {
            // Under the runner: if it dies, so do we, rather than serve on unsupervised.
            FastCGIServer.stopWithParent()
        }
    }

    /// Counts a finished request; the reason (`max_requests`, `max_memory`) when the worker
    /// should exit now.
    mutating func due(afterRequest: Void) -> String? {
        served += 1
        if let maxRequests, served >= maxRequests { return "max_requests" }
        // Memory is read every `memoryEvery` requests (a pread each): the runner, which reads
        // it too whenever a worker has served requests since its last look, catches the rest.
        if let maxMemoryKB, served % Recycle.memoryEvery == 0, let rss = Recycle.residentKB(), rss > maxMemoryKB {
            return "max_memory"
        }
        return nil
    }

    /// /proc/self/statm, opened once and re-read with one pread per request. (getrusage's
    /// ru_maxrss will not do: it survives exec, so a worker spawned by a big parent inherits
    /// the parent's peak.)
    static let statm = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)

    /// Current resident memory in KiB.
    static func residentKB() -> Int? {
        guard statm >= 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { pread(statm, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let fields = buffer[0..<count].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
    }
}
