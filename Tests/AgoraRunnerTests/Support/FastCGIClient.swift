import Glibc

/// What a FastCGI responder answered.
struct FastCGIResponse {
    let status: Int
    let body: String
}

/// Why a FastCGI exchange failed (connection refused or reset, timeout, protocol).
struct FastCGIFailure: Error, CustomStringConvertible {
    let description: String
}

/// A minimal FastCGI client (what nginx does, one request per connection, keep-conn off), so
/// that tests talk to the function sockets directly.
enum FastCGIClient {
    static func get(socket path: String, path uri: String, query: String = "", timeout: Int = 10) throws(FastCGIFailure) -> FastCGIResponse {
        let fd = try connect(socket: path)
        defer { close(fd) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))

        let params = [
            ("REQUEST_METHOD", "GET"), ("REQUEST_URI", query.isEmpty ? uri : "\(uri)?\(query)"),
            ("DOCUMENT_URI", uri), ("SCRIPT_NAME", uri), ("QUERY_STRING", query), ("SERVER_PROTOCOL", "HTTP/1.1"),
            ("GATEWAY_INTERFACE", "CGI/1.1"), ("REMOTE_ADDR", "127.0.0.1"), ("SERVER_NAME", "localhost"),
            ("SERVER_PORT", "80"), ("CONTENT_LENGTH", ""), ("CONTENT_TYPE", ""), ("HTTP_HOST", "localhost"),
        ]
        var content: [UInt8] = []
        for (name, value) in params {
            appendLength(name.utf8.count, to: &content)
            appendLength(value.utf8.count, to: &content)
            content += Array(name.utf8) + Array(value.utf8)
        }
        var out = record(type: 1, content: [0, 1, 0, 0, 0, 0, 0, 0])  // BEGIN_REQUEST, responder, close
        out += record(type: 4, content: content) + record(type: 4, content: [])
        out += record(type: 5, content: [])
        let sent = out.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == out.count else { throw FastCGIFailure(description: "send: errno \(errno)") }
        return try readResponse(fd)
    }

    /// A connected unix stream socket (close-on-exec).
    static func connect(socket path: String) throws(FastCGIFailure) -> Int32 {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw FastCGIFailure(description: "socket") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw FastCGIFailure(description: "connect \(path): errno \(code)")
        }
        return fd
    }

    /// The runner's `/metrics` answer from its socket, as nginx asks for it.
    static func metrics(socketDirectory: String) throws(FastCGIFailure) -> String {
        let fd = try connect(socket: socketDirectory + "/metrics.sock")
        defer { close(fd) }
        var limit = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let request = Array("GET /metrics HTTP/1.0\r\nHost: runner\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[0..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        guard text.hasPrefix("HTTP/1.0 200 OK\r\n"), let body = text.firstRange(of: "\r\n\r\n") else {
            throw FastCGIFailure(description: "metrics: \(text.prefix(200))")
        }
        return String(text[body.upperBound...])
    }

    static func readResponse(_ fd: Int32) throws(FastCGIFailure) -> FastCGIResponse {
        var received: [UInt8] = []
        var stdout: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            while received.count >= 8 {
                let length = Int(received[4]) << 8 | Int(received[5])
                let total = 8 + length + Int(received[6])
                guard received.count >= total else { break }
                if received[1] == 6 { stdout += received[8..<(8 + length)] }
                if received[1] == 3 { return parse(stdout) }
                received.removeFirst(total)
            }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 { received += buffer[0..<count]; continue }
            if count < 0, errno == EINTR { continue }
            throw FastCGIFailure(description: count == 0 ? "connection closed before END_REQUEST" : "recv: errno \(errno)")
        }
    }

    static func parse(_ stdout: [UInt8]) -> FastCGIResponse {
        let text = String(decoding: stdout, as: UTF8.self)
        let parts = text.split(separator: "\r\n\r\n", maxSplits: 1, omittingEmptySubsequences: false)
        var status = 200
        for line in (parts.first ?? "").split(separator: "\r\n") where line.lowercased().hasPrefix("status:") {
            status = Int(line.dropFirst(7).trimmingPrefix(" ").prefix(3)) ?? 0
        }
        return FastCGIResponse(status: status, body: parts.count > 1 ? String(parts[1]) : "")
    }

    static func record(type: UInt8, content: [UInt8]) -> [UInt8] {
        [1, type, 0, 1, UInt8(content.count >> 8), UInt8(content.count & 0xFF), 0, 0] + content
    }

    static func appendLength(_ length: Int, to out: inout [UInt8]) {
        if length < 128 {
            out.append(UInt8(length))
        } else {
            out += [UInt8((length >> 24) | 0x80), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
        }
    }
}
