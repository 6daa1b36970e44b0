internal import Glibc

extension Posix {
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    /// glibc's `pipe2`, hidden from Swift behind _GNU_SOURCE; looked up at run time. With it a
    /// pipe is close-on-exec from birth, so a process spawned by another thread meanwhile (tests
    /// run in parallel) never inherits an end and holds our reader's end of file back.
    private static let pipe2: Pipe2? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else { return nil }
        return unsafeBitCast(symbol, to: Pipe2.self)
    }()

    /// A close-on-exec pipe.
    public static func pipe() throws(SystemError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        if let pipe2 {
            guard pipe2(&fds, O_CLOEXEC) == 0 else { throw SystemError("pipe2") }
        } else {
            guard Glibc.pipe(&fds) == 0 else { throw SystemError("pipe") }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        return (fds[0], fds[1])
    }

    /// Makes reads and writes on `fd` return EAGAIN instead of waiting.
    public static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK) }
    }

    /// What one non-blocking read gave.
    public enum ReadResult: Equatable, Sendable {
        case data(Int)
        case wouldBlock
        case endOfFile
    }

    /// Reads what is available (up to `buffer.count` bytes), retrying on EINTR; an error counts
    /// as end of file (the other end is gone).
    public static func read(_ fd: Int32, into buffer: inout [UInt8]) -> ReadResult {
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
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], socket: Bool = false) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                let start = raw.baseAddress.map { $0 + offset }
                return socket
                    ? Glibc.send(fd, start, raw.count - offset, Int32(MSG_NOSIGNAL))
                    : Glibc.write(fd, start, raw.count - offset)
            }
            if written > 0 {
                offset += written
                continue
            }
            if written < 0, errno == EINTR { continue }
            if written < 0, errno == EAGAIN {
                var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                if poll(&pfd, 1, 1000) > 0 { continue }
            }
            return false
        }
        return true
    }
}
