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
        let (date, micros) = CivilDate.split(microseconds)
        guard (0...9999).contains(date.year) else {
            return date.text + "T" + CivilDate.clock(micros, fractionDigits: 3) + "Z"
        }
        // Every response with a row carries two of these: written digit by digit into the
        // string's one buffer (the general path above builds a dozen small strings, ~8,000
        // instructions a timestamp).
        return String(unsafeUninitializedCapacity: 24) { out in
            func two(_ value: Int64, at index: Int) {
                out[index] = UInt8(truncatingIfNeeded: 48 + value / 10)
                out[index + 1] = UInt8(truncatingIfNeeded: 48 + value % 10)
            }
            let seconds = micros / 1_000_000
            let milliseconds = micros % 1_000_000 / 1_000
            two(date.year / 100, at: 0)
            two(date.year % 100, at: 2)
            out[4] = UInt8(ascii: "-")
            two(date.month, at: 5)
            out[7] = UInt8(ascii: "-")
            two(date.day, at: 8)
            out[10] = UInt8(ascii: "T")
            two(seconds / 3600, at: 11)
            out[13] = UInt8(ascii: ":")
            two(seconds / 60 % 60, at: 14)
            out[16] = UInt8(ascii: ":")
            two(seconds % 60, at: 17)
            out[19] = UInt8(ascii: ".")
            out[20] = UInt8(truncatingIfNeeded: 48 + milliseconds / 100)
            two(milliseconds % 100, at: 21)
            out[23] = UInt8(ascii: "Z")
            return 24
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
