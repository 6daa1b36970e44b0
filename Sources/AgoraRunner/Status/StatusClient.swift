import AgoraCore
import Glibc

/// Reads the runner's status document from `<socket-dir>/runner.sock` (what `agora status` does).
public enum StatusClient {
    /// Connects, reads until the runner closes, parses.
    public static func fetch(socketPath: String, timeout: Int = 5) throws(SystemError) -> JSON {
        let fd = try UnixAddress.connect(socketPath)
        defer { close(fd) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var document: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 { document += buffer[0..<count]; continue }
            if count == 0 { break }
            if errno == EINTR { continue }
            throw SystemError("read \(socketPath)")
        }
        do {
            return try JSON.parse(document)
        } catch {
            throw SystemError("status from \(socketPath) is not JSON (\(error.reason))", code: EPROTO)
        }
    }
}
