public import AgoraCore
public import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Publishes real-time events to nginx's nchan publisher socket (`AGORA_PUBLISH_SOCKET`), after
/// the transaction that made them has committed. Publishing is best effort: an event that cannot
/// be delivered is logged and dropped, never turned into an error of the request (the change is
/// committed, and subscribers catch up with `?after=` or `Last-Event-ID`). Without a socket (the
/// in-process tests, `agora event`), nothing is sent.
public struct Publisher: Sendable {
    /// The publisher socket, nil when real-time delivery is off.
    public let socketPath: String?
    /// How long one publish may wait on nginx (connect, send, answer).
    static let timeoutMicroseconds = 500_000

    public init(socketPath: String?) {
        self.socketPath = socketPath
    }

    /// Sends `{"event": event, "data": data}` to channel `channel` as one message, named `event`
    /// for Server-Sent Events. Returns whether nginx accepted it.
    @discardableResult
    public func publish(channel: String, event: String, data: JSON, logger: Logger) -> Bool {
        let body = Array(JSON.object(["event": .string(event), "data": data]).serialized())
        let head = "POST /\(channel) HTTP/1.0\r\nHost: agora\r\nContent-Type: application/json\r\n"
            + "X-EventSource-Event: \(event)\r\nContent-Length: \(body.count)\r\n\r\n"
        return send(Array(head.utf8) + body, channel: channel, what: event, accepted: 200...202, logger: logger)
    }

    /// Deletes channel `channel`: nchan closes every subscriber of it (410 Gone).
    @discardableResult
    public func close(channel: String, logger: Logger) -> Bool {
        let head = "DELETE /\(channel) HTTP/1.0\r\nHost: agora\r\nContent-Length: 0\r\n\r\n"
        // 404: no subscriber ever opened it, nothing to close.
        return send(Array(head.utf8), channel: channel, what: "close", accepted: 200...404, logger: logger)
    }

    func send(_ request: [UInt8], channel: String, what: String, accepted: ClosedRange<Int>, logger: Logger) -> Bool {
        guard let socketPath else { return false }
        let status = Publisher.exchange(request, socketPath: socketPath)
        if let status, accepted.contains(status) { return true }
        logger.warning("real-time event not delivered", metadata: [
            "channel": .string(channel), "event": .string(what),
            "reason": .string(status.map { "nginx answered \($0)" } ?? "publisher socket unreachable"),
        ])
        return false
    }

    /// Writes `request` to the socket and reads the status code of the answer; nil on any failure.
    static func exchange(_ request: [UInt8], socketPath: String) -> Int? {
        let path = Array(socketPath.utf8)
        var address = sockaddr_un()
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var timeout = timeval(tv_sec: 0, tv_usec: timeoutMicroseconds)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.enumerated() { raw[index] = byte }
            raw[path.count] = 0
        }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else { return nil }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            sent += n
        }
        // "HTTP/1.1 201 Created": the status is the second word of the first line.
        var buffer = [UInt8](repeating: 0, count: 256)
        var length = 0
        while length < 12 {
            let n = buffer[length...].withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            length += n
        }
        guard length >= 12, buffer.starts(with: Array("HTTP/1.".utf8)) else { return nil }
        return Int(String(decoding: buffer[9..<12], as: UTF8.self))
    }
}
