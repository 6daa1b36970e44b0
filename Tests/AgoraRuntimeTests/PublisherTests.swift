import AgoraCore
import Foundation
import Logging
import Testing
@testable import AgoraRuntime

#if canImport(Glibc)
import Glibc
#endif

/// Publishing is best effort: an unreachable, silent or refusing nginx makes `publish` return
/// false within its timeout, never throw; what reaches nginx is one HTTP request per event.
struct PublisherTests {
    static let logger = Logger(label: "test")

    /// A unix socket that answers each connection with `answer` (nil: reads and never answers),
    /// handing what it read to `received`.
    final class FakeNginx: @unchecked Sendable {
        let path = "/tmp/agora-publisher-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        let fd: Int32
        var received: [UInt8] = []
        let done = DispatchSemaphore(value: 0)

        init(answer: String?) throws {
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            let listening = bound == 0 && listen(fd, 4) == 0
            try #require(listening)
            let listener = fd
            Thread.detachNewThread { [self] in
                let client = accept(listener, nil, nil)
                var buffer = [UInt8](repeating: 0, count: 65536)
                let n = read(client, &buffer, buffer.count)
                if n > 0 { self.received = Array(buffer[..<n]) }
                if let answer { _ = answer.utf8CString.withUnsafeBufferPointer { write(client, $0.baseAddress, $0.count - 1) } }
                self.done.wait()
                close(client)
            }
        }

        deinit {
            done.signal()
            close(fd)
            unlink(path)
        }
    }

    @Test func publish_SendsOneEventRequest_AndSucceedsOnNginxsAnswer() throws {
        let nginx = try FakeNginx(answer: "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")
        let sent = Publisher(socketPath: nginx.path).publish(channel: "chat_7", event: "message.created",
                                                             data: ["id": 1], logger: Self.logger)
        #expect(sent)
        let request = String(decoding: nginx.received, as: UTF8.self)
        #expect(request.hasPrefix("POST /chat_7 HTTP/1.0\r\n"))
        #expect(request.contains("X-EventSource-Event: message.created\r\n"))
        #expect(request.hasSuffix(#"{"data":{"id":1},"event":"message.created"}"#))
    }

    @Test func publish_FailsQuietly_WhenNginxRefusesIsSilentOrAbsent() throws {
        let refusing = try FakeNginx(answer: "HTTP/1.1 500 Internal Server Error\r\n\r\n")
        #expect(!Publisher(socketPath: refusing.path).publish(channel: "c", event: "e", data: [:], logger: Self.logger))
        let silent = try FakeNginx(answer: nil)
        let started = Date()
        #expect(!Publisher(socketPath: silent.path).publish(channel: "c", event: "e", data: [:], logger: Self.logger))
        #expect(Date().timeIntervalSince(started) < 2, "bounded by the publish timeout")
        #expect(!Publisher(socketPath: "/nonexistent/publish.sock").publish(channel: "c", event: "e", data: [:],
                                                                           logger: Self.logger))
        #expect(!Publisher(socketPath: nil).publish(channel: "c", event: "e", data: [:], logger: Self.logger))
    }
}
