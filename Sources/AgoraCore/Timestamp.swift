#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// An instant with microsecond precision (PostgreSQL's `timestamptz`), shown to clients in
/// RFC 3339 UTC with milliseconds.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z (negative before).
    public let microseconds: Int64

    /// The instant `microseconds` after the Unix epoch.
    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// The instant `seconds` after the Unix epoch.
    public init(secondsSinceEpoch seconds: Int64) {
        microseconds = seconds * 1_000_000
    }

    /// Whole seconds since the Unix epoch, rounded down (as JWT `exp`/`iat` want).
    public var secondsSinceEpoch: Int64 { CivilDate.floorDivide(microseconds, 1_000_000).quotient }

    /// The current time from the system's real-time clock.
    public static func now() -> Timestamp {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Timestamp(microseconds: Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000)
    }

    /// This instant moved by `seconds` (negative goes back).
    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(microseconds: microseconds + seconds * 1_000_000)
    }

    /// `2026-11-29T10:15:30.123Z`: UTC, exactly three fractional digits (truncated).
    public var rfc3339: String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendRFC3339(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `rfc3339`'s bytes. Every response with a row carries two of these: years 0-9999
    /// are written digit by digit into 24 bytes on the stack (the general path, for the others,
    /// builds a dozen small strings, ~8,000 instructions a timestamp).
    public func appendRFC3339(to out: inout [UInt8]) {
        let (date, micros) = CivilDate.split(microseconds)
        guard (0...9999).contains(date.year) else {
            out.append(contentsOf: (date.text + "T" + CivilDate.clock(micros, fractionDigits: 3) + "Z").utf8)
            return
        }
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &text) { bytes in
            func two(_ value: Int64, at index: Int) {
                bytes[index] = UInt8(truncatingIfNeeded: 48 + value / 10)
                bytes[index + 1] = UInt8(truncatingIfNeeded: 48 + value % 10)
            }
            let seconds = micros / 1_000_000
            let milliseconds = micros % 1_000_000 / 1_000
            two(date.year / 100, at: 0)
            two(date.year % 100, at: 2)
            bytes[4] = UInt8(ascii: "-")
            two(date.month, at: 5)
            bytes[7] = UInt8(ascii: "-")
            two(date.day, at: 8)
            bytes[10] = UInt8(ascii: "T")
            two(seconds / 3600, at: 11)
            bytes[13] = UInt8(ascii: ":")
            two(seconds / 60 % 60, at: 14)
            bytes[16] = UInt8(ascii: ":")
            two(seconds % 60, at: 17)
            bytes[19] = UInt8(ascii: ".")
            bytes[20] = UInt8(truncatingIfNeeded: 48 + milliseconds / 100)
            two(milliseconds % 100, at: 21)
            bytes[23] = UInt8(ascii: "Z")
            out.append(contentsOf: UnsafeRawBufferPointer(bytes))
        }
    }

    /// `2026-11-29 10:15:30.123456+00`, the text PostgreSQL reads back without loss.
    public var postgresText: String {
        let (date, micros) = CivilDate.split(microseconds)
        return date.text + " " + CivilDate.clock(micros, fractionDigits: 6) + "+00"
    }

    /// The RFC 3339 form.
    public var description: String { rfc3339 }

    /// Orders by instant.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microseconds < rhs.microseconds
    }
}
