/// A request's place in a distributed trace (W3C Trace Context, `traceparent`): the trace it
/// belongs to, the span this worker opens for it, and the caller's span when a valid
/// `traceparent` came in. A malformed header is ignored and a new trace started, never an error.
public struct TraceContext: Sendable, Equatable {
    /// 32 lowercase hex characters, not all zeros.
    public let traceID: String
    /// This worker's span: 16 lowercase hex characters, new for every request.
    public let spanID: String
    /// The caller's span (`parent-id` of the incoming header); nil when this request started the trace.
    public let parentID: String?
    /// The trace flags sent on (only the `sampled` bit is defined by version 00).
    public let flags: UInt8

    /// Whether the request carried a valid `traceparent` (and so asked to be traced).
    public var isContinued: Bool { parentID != nil }

    /// This span's `traceparent` header (`00-<trace id>-<span id>-<flags>`), made once.
    public let traceparent: String

    /// Continues the trace of a valid `header`, else starts one. `random(n)` gives `n` random
    /// bytes (a CSPRNG: trace ids must not be guessable or collide across workers); one call
    /// per request, 8 bytes when the trace continues and 24 when it starts.
    public init(header: String?, random: (Int) -> [UInt8]) {
        if let header, let parent = TraceParent(header) {
            traceID = parent.traceID
            parentID = parent.parentID
            // Sent on as received; bits that version 00 leaves undefined are cleared (the spec
            // asks vendors to set them to zero).
            flags = parent.flags & TraceContext.sampled
            spanID = TraceContext.id(random(8)[...])
        } else {
            let bytes = random(24)
            traceID = TraceContext.id(bytes.prefix(16))
            spanID = TraceContext.id(bytes.dropFirst(16))
            parentID = nil
            // Sampled: every request's span is recorded (its log line carries the trace id).
            flags = TraceContext.sampled
        }
        traceparent = TraceContext.header(traceID: traceID, spanID: spanID, flags: flags)
    }

    static let sampled: UInt8 = 0x01

    /// `00-<trace id>-<span id>-<flags>`, written into one string (concatenation made one string
    /// per step).
    static func header(traceID: String, spanID: String, flags: UInt8) -> String {
        let count = 3 + traceID.utf8.count + 1 + spanID.utf8.count + 3
        return String(unsafeUninitializedCapacity: count) { out in
            var index = 0
            func put(_ text: String) {
                var text = text
                text.withUTF8 { bytes in
                    if let source = bytes.baseAddress { (out.baseAddress! + index).initialize(from: source, count: bytes.count) }
                    index += bytes.count
                }
            }
            put("00-")
            put(traceID)
            put("-")
            put(spanID)
            put(flags == 0 ? "-00" : "-01")
            return index
        }
    }

    /// Lowercase hex of `bytes`, never all zeros (an invalid id: a generator that returned
    /// zeros, or too few bytes, still yields a valid one).
    static func id(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.allSatisfy({ $0 == 0 }) else { return hexString(bytes) }
        var fixed = Array(bytes.isEmpty ? [0] : bytes)
        fixed[fixed.count - 1] = 1
        return hexString(fixed)
    }
}

/// A parsed `traceparent` header (W3C Trace Context, level 1).
///
/// `version-traceid-parentid-flags`: version 00 is exactly 55 characters; a higher version (not
/// `ff`) may append `-`-separated fields, which are ignored, as the spec asks of a parser that
/// knows only 00. Hex must be lowercase; an all-zero trace or parent id is invalid.
public struct TraceParent: Sendable, Equatable {
    public let version: UInt8
    public let traceID: String
    public let parentID: String
    public let flags: UInt8

    /// Nil when `header` is not a valid `traceparent`.
    public init?(_ header: String) {
        let bytes = Array(header.utf8)
        guard bytes.count >= 55, let version = TraceParent.byte(bytes[0..<2]), version != 0xFF,
              bytes[2] == UInt8(ascii: "-"), bytes[35] == UInt8(ascii: "-"), bytes[52] == UInt8(ascii: "-"),
              let flags = TraceParent.byte(bytes[53..<55])
        else { return nil }
        if version == 0 {
            guard bytes.count == 55 else { return nil }
        } else if bytes.count > 55 {
            guard bytes[55] == UInt8(ascii: "-") else { return nil }
        }
        let trace = bytes[3..<35]
        let parent = bytes[36..<52]
        guard TraceParent.isHexID(trace), TraceParent.isHexID(parent) else { return nil }
        self.version = version
        self.traceID = String(decoding: trace, as: UTF8.self)
        self.parentID = String(decoding: parent, as: UTF8.self)
        self.flags = flags
    }

    /// Lowercase hex digits, not all zeros.
    static func isHexID(_ bytes: ArraySlice<UInt8>) -> Bool {
        var nonZero = false
        for byte in bytes {
            guard let value = nibble(byte) else { return false }
            if value != 0 { nonZero = true }
        }
        return nonZero
    }

    static func byte(_ bytes: ArraySlice<UInt8>) -> UInt8? {
        guard bytes.count == 2, let high = nibble(bytes[bytes.startIndex]), let low = nibble(bytes[bytes.startIndex + 1])
        else { return nil }
        return high << 4 | low
    }

    /// A lowercase hex digit's value (uppercase is invalid in `traceparent`).
    static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
