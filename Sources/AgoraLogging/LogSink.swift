public import AgoraCore
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

    /// A worker's sink: the runner's own log on `AGORA_LOG_FD` (its lines already name their
    /// function and pid, so the runner need not read and forward them, nor wake for them), else
    /// stderr.
    public static func worker(environment: [String: String]) -> LogSink {
        guard let text = environment["AGORA_LOG_FD"], let fd = Int32(text), fd > 2, fcntl(fd, F_GETFD) != -1 else {
            return LogSink()
        }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return LogSink(fd: fd)
    }

    /// Writes one JSON document and a newline.
    public func write(_ document: JSON) {
        write(line: document.serialized())
    }

    /// Writes one line that is already JSON, and a newline.
    public func write(line: [UInt8]) {
        var bytes = line
        bytes.append(0x0A)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }

    /// UTC now, as `2024-05-01T12:00:00.123Z`.
    static func timestamp() -> String { Timestamp.now().rfc3339 }
}
