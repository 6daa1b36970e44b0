#if canImport(Glibc)
import Glibc
#endif

/// Monotonic and wall-clock time without Foundation.
public enum Clock {
    /// Monotonic nanoseconds, for durations.
    public static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Unix seconds, for token claims.
    public static func unixSeconds() -> Int64 { Int64(time(nil)) }
}
