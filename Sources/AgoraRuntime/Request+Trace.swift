import AgoraCore
import AgoraCrypto
import Synchronization

extension Request {
    /// The request's trace: the one already started, else a span continuing its `traceparent`
    /// header (or a new trace), with ids from `TraceIDs`.
    mutating func startTrace() -> TraceContext {
        if let trace { return trace }
        let started = TraceContext(header: headers["traceparent"], random: TraceIDs.bytes)
        trace = started
        return started
    }
}

/// Random bytes for trace and span ids: xoshiro256** seeded once per process from OpenSSL's
/// CSPRNG. Ids must be unique, not secret (W3C Trace Context), and this costs no system call,
/// where OpenSSL's RAND_bytes asks getpid() at every call (its fork check).
enum TraceIDs {
    private static let state = Mutex<(UInt64, UInt64, UInt64, UInt64)>({
        var seed = SecureRandom.bytes(32)
        // An all-zero state would stay zero; the chance is 2^-256, but it costs nothing to rule out.
        if seed.allSatisfy({ $0 == 0 }) { seed[0] = 1 }
        func word(_ at: Int) -> UInt64 { seed[at..<at + 8].reduce(0) { $0 << 8 | UInt64($1) } }
        return (word(0), word(8), word(16), word(24))
    }())

    static func bytes(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            state.withLock { s in
                var index = 0
                while index < count {
                    let result = rotate(s.1 &* 5, 7) &* 9
                    let t = s.1 << 17
                    s.2 ^= s.0
                    s.3 ^= s.1
                    s.1 ^= s.2
                    s.0 ^= s.3
                    s.2 ^= t
                    s.3 = rotate(s.3, 45)
                    var shift: UInt64 = 0
                    while shift < 64 && index < count {
                        out[index] = UInt8(truncatingIfNeeded: result >> shift)
                        shift += 8
                        index += 1
                    }
                }
            }
            initialized = count
        }
    }

    private static func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

extension Response {
    /// What every response the worker writes carries: `X-Request-ID` and, once the request's
    /// trace has started, `traceparent` with this worker's span.
    mutating func identify(_ request: Request) {
        headers.append(("X-Request-ID", request.requestID))
        if let trace = request.trace { headers.append(("traceparent", trace.traceparent)) }
    }
}
