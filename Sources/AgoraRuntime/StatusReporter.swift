#if canImport(Glibc)
import Glibc
#endif

/// Tells the runner, over the pipe on `AGORA_STATUS_FD`, when this worker is ready, busy (with
/// the route) and idle again. Writes are non-blocking and dropped if the pipe is full: status
/// must never stall a request.
struct StatusReporter {
    let fd: Int32?

    init(environment: [String: String]) {
        if let text = environment["AGORA_STATUS_FD"], let fd = Int32(text), fd > 2, fcntl(fd, F_GETFD) != -1 {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            self.fd = fd
        } else {
            self.fd = nil
        }
    }

    func ready() { send("R\n") }
    func busy(method: String, route: String) { send("B \(method) \(route.isEmpty ? "-" : route)\n") }
    func idle(status: Int, milliseconds: Int) { send("I \(status) \(milliseconds)\n") }
    func exiting(reason: String) { send("X \(reason)\n") }

    private func send(_ line: String) {
        guard let fd else { return }
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
