import AgoraCore
import Glibc

/// A listening unix stream socket at a path, owned by the runner; its descriptor is what a
/// worker receives as fd 0. It stays blocking: workers block in `accept` on the same open file.
final class UnixListener {
    let path: String
    private(set) var fd: Int32
    /// The socket's inode, which identifies it to sock_diag (the listen queue probe).
    let inode: UInt32

    /// Binds `path` (replacing a stale socket, refusing a live one or a non-socket file),
    /// sets its mode and listens.
    /// With `group`, the socket file belongs to that group (before its mode is set).
    init(path: String, mode: mode_t, group: gid_t? = nil, backlog: Int32 = 1024) throws(SystemError) {
        try UnixListener.clearStale(path)
        let fd = try UnixAddress.streamSocket()
        do throws(SystemError) {
            let bound = try UnixAddress.with(path) { address, length in bind(fd, address, length) }
            guard bound == 0 else { throw SystemError("bind \(path)") }
            if let group, chown(path, uid_t.max, group) != 0 { throw SystemError("chown \(path)") }
            guard chmod(path, mode) == 0 else { throw SystemError("chmod \(path)") }
            guard listen(fd, backlog) == 0 else { throw SystemError("listen \(path)") }
        } catch {
            Glibc.close(fd)
            throw error
        }
        var info = stat()
        fstat(fd, &info)
        self.path = path
        self.fd = fd
        self.inode = UInt32(truncatingIfNeeded: info.st_ino)
    }

    deinit { close() }

    /// Removes the path, so that new connections fail at once; queued ones stay served.
    func unlinkPath() {
        unlink(path)
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// A leftover socket from a runner that died is removed; a live one or another file is an error.
    static func clearStale(_ path: String) throws(SystemError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw SystemError("\(path) exists and is not a socket", code: EEXIST)
        }
        if let live = try? UnixAddress.connect(path) {
            Glibc.close(live)
            throw SystemError("\(path) is in use by a running process", code: EADDRINUSE)
        }
        unlink(path)
    }
}
