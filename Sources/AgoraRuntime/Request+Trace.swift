import AgoraCore
import AgoraCrypto

extension Request {
    /// The request's trace: the one already started, else a span continuing its `traceparent`
    /// header (or a new trace). The ids come from OpenSSL's CSPRNG, a generator in the process's
    /// memory that reseeds itself now and then: no system call per request.
    mutating func startTrace() -> TraceContext {
        if let trace { return trace }
        let started = TraceContext(header: headers["traceparent"], random: SecureRandom.bytes)
        trace = started
        return started
    }
}

extension Response {
    /// What every response the worker writes carries: `X-Request-ID` and, once the request's
    /// trace has started, `traceparent` with this worker's span.
    mutating func identify(_ request: Request) {
        headers.append(("X-Request-ID", request.requestID))
        if let trace = request.trace { headers.append(("traceparent", trace.traceparent)) }
    }
}
