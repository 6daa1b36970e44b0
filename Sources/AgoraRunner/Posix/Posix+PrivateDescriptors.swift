import AgoraCore
import Glibc

/// The runner's own descriptors: kept at `firstPrivateFD` or above so that they never collide
/// with 0–5, the numbers a worker receives.
extension Posix {
    /// The lowest descriptor number the runner keeps its own descriptors at.
    static let firstPrivateFD: Int32 = 10

    /// A close-on-exec pipe whose ends both sit at `firstPrivateFD` or above.
    static func privatePipe() throws(SystemError) -> (read: Int32, write: Int32) {
        let fds = try pipe()
        let read: Int32
        do {
            read = try moveHigh(fds.read)
        } catch {
            Glibc.close(fds.write)
            throw error
        }
        do {
            return (read, try moveHigh(fds.write))
        } catch {
            Glibc.close(read)
            throw error
        }
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
}
