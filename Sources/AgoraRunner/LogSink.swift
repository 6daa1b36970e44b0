import AgoraCore
import Glibc

/// Where JSON lines go (stderr by default): one `write` per line, so lines from the runner and
/// the workers it forwards never interleave mid-line.
public struct LogSink: Sendable {
    /// The descriptor lines are written to.
    public let fd: Int32

    /// A sink writing to `fd` (stderr by default).
    public init(fd: Int32 = 2) {
        self.fd = fd
    }

    /// Writes one JSON document and a newline.
    public func write(_ document: JSON) {
        var bytes = document.serialized()
        bytes.append(0x0A)
        Posix.writeAll(fd, bytes)
    }

    /// UTC now, as `2024-05-01T12:00:00.123Z`.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + "\(pad(Int32(now.tv_nsec / 1_000_000), 3))Z"
    }
}
