import AgoraCore
import Glibc

/// `sockaddr_un` handling for socket paths.
enum UnixAddress {
    /// The longest path a `sockaddr_un` holds (with its terminating zero).
    static let maxPathBytes = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// Calls `body` with the address of `path`; throws ENAMETOOLONG for a path that does not fit.
    static func with<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) throws(SystemError) -> T {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count <= maxPathBytes else {
            throw SystemError("socket path \(path) (at most \(maxPathBytes) bytes)", code: ENAMETOOLONG)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
            raw[bytes.count] = 0
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// A new close-on-exec unix stream socket, kept above the descriptors workers receive.
    static func streamSocket() throws(SystemError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError("socket") }
        return try Posix.moveHigh(fd)
    }

    /// Connects to the socket at `path` (blocking); the caller owns the descriptor.
    static func connect(_ path: String) throws(SystemError) -> Int32 {
        let fd = try streamSocket()
        let result = try with(path) { address, length in Glibc.connect(fd, address, length) }
        guard result == 0 else {
            let error = SystemError("connect \(path)")
            close(fd)
            throw error
        }
        return fd
    }
}
