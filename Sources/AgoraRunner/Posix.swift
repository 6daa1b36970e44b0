import Glibc

/// Thin wrappers over the descriptor calls the runner needs; each throws a `SystemError`.
enum Posix {
    /// The lowest descriptor number the runner keeps its own descriptors at, so that they never
    /// collide with 0–3, the numbers a worker receives.
    static let firstPrivateFD: Int32 = 10

    /// A close-on-exec pipe whose ends both sit at `firstPrivateFD` or above.
    static func pipe() throws(SystemError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        // pipe2 is not visible to Swift's Glibc module; the runner is one thread, so setting
        // close-on-exec right after cannot race with a spawn.
        guard Glibc.pipe(&fds) == 0 else { throw SystemError("pipe") }
        let read = try moveHigh(fds[0])
        let write = try moveHigh(fds[1])
        return (read, write)
    }

    /// Moves a descriptor to `firstPrivateFD` or above (close-on-exec) and closes the original.
    static func moveHigh(_ fd: Int32) throws(SystemError) -> Int32 {
        if fd >= firstPrivateFD {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            return fd
        }
        let moved = fcntl(fd, F_DUPFD_CLOEXEC, firstPrivateFD)
        let code = errno
        Glibc.close(fd)
        guard moved >= 0 else { throw SystemError("fcntl F_DUPFD_CLOEXEC", code: code) }
        return moved
    }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK) }
    }

    /// What one non-blocking read gave.
    enum ReadResult: Equatable {
        case data(Int)
        case wouldBlock
        case endOfFile
    }

    /// Reads what is available (up to `buffer.count` bytes), retrying on EINTR.
    static func read(_ fd: Int32, into buffer: inout [UInt8]) -> ReadResult {
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count > 0 { return .data(count) }
            if count == 0 { return .endOfFile }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock }
            return .endOfFile
        }
    }

    /// Writes all bytes, retrying on EINTR and waiting out EAGAIN; gives up on any other error.
    /// On a socket (`socket: true`) it uses `send` with MSG_NOSIGNAL: a client that hung up
    /// must not raise SIGPIPE in a process that did not ignore it (a test runner).
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], socket: Bool = false) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                let start = raw.baseAddress.map { $0 + offset }
                return socket
                    ? Glibc.send(fd, start, raw.count - offset, Int32(MSG_NOSIGNAL))
                    : Glibc.write(fd, start, raw.count - offset)
            }
            if written > 0 { offset += written; continue }
            if written < 0, errno == EINTR { continue }
            if written < 0, errno == EAGAIN {
                var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                if poll(&pfd, 1, 1000) > 0 { continue }
            }
            return false
        }
        return true
    }

    /// Reads a whole (small) file.
    static func readFile(_ path: String) throws(SystemError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open \(path)") }
        defer { Glibc.close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count > 0 { out.append(contentsOf: chunk[0..<count]); continue }
            if count == 0 { return out }
            if errno == EINTR { continue }
            throw SystemError("read \(path)")
        }
    }
}
