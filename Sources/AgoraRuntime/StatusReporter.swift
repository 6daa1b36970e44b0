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
    func busy(method: String, route: String) { send(StatusReporter.busyLine(method: method, route: route)) }
    func idle(status: Int, milliseconds: Int) { send("I \(status) \(milliseconds)\n") }
    func exiting(reason: String) { send("X \(reason)\n") }

    /// The longest method reported: nginx passes any method of capital letters, up to its header
    /// buffer (8 KiB), and a route template is short, so a line stays far below PIPE_BUF (4,096
    /// bytes): a non-blocking write of it is whole or nothing, never a torn line that the runner
    /// would read together with the next one.
    static let methodLimit = 32

    static func busyLine(method: String, route: String) -> String {
        let method = method.utf8.count <= methodLimit ? method : String(decoding: method.utf8.prefix(methodLimit), as: UTF8.self)
        return "B \(method) \(route.isEmpty ? "-" : route)\n"
    }

    private func send(_ line: String) {
        guard let fd else { return }
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
