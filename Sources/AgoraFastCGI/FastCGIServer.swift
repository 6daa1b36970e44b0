internal import CFastCGI
import AgoraCore

#if canImport(Glibc)
import Glibc
#endif

/// A FastCGI responder loop on libfcgi: one request at a time, every parameter copied into Swift
/// values before the handler runs, the request loop never ended by one request.
public final class FastCGIServer {
    let listenFD: Int32

    /// A server on the socket already open on fd 0 (the FastCGI convention).
    public init() throws(FastCGIError) {
        guard FCGX_Init() == 0 else { throw FastCGIError.initFailed }
        guard FCGX_IsCGI() == 0 else { throw FastCGIError.notASocket }
        listenFD = 0
    }

    /// A server listening on a unix socket path (development) or `:port` for TCP on loopback.
    public init(listenPath: String, backlog: Int32 = 128) throws(FastCGIError) {
        guard FCGX_Init() == 0 else { throw FastCGIError.initFailed }
        unlink(listenPath)
        let fd = FCGX_OpenSocket(listenPath, backlog)
        guard fd >= 0 else { throw FastCGIError.cannotListen(listenPath) }
        chmod(listenPath, 0o666)
        listenFD = fd
    }

    /// Serves until the worker is asked to stop (SIGTERM/SIGUSR1 from the runner end the accept
    /// loop; the request in hand is finished first) or `finished` returns false (the worker
    /// recycles itself between requests, where no accepted connection can be lost).
    /// - Parameters:
    ///   - bodyLimit: bodies above this many bytes are not read; the handler sees `tooLarge`.
    ///   - handle: turns the request into a response; it must not throw.
    public func serve(bodyLimit: Int, handle: (FastCGIExchange) -> Response, finished: (Response, _ aborted: Bool) -> Bool) {
        var request = FCGX_Request()
        guard FCGX_InitRequest(&request, listenFD, 0) == 0 else { return }
        while FCGX_Accept_r(&request) >= 0 {
            let exchange = FastCGIServer.read(&request, bodyLimit: bodyLimit)
            let response = handle(exchange)
            let bytes = response.cgiBytes()
            let written = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    FCGX_PutStr(chars.baseAddress, Int32(chars.count), request.out)
                }
            }
            // Closing err (empty: no record) then out puts the answer, its end-of-stream record
            // and FCGI_END_REQUEST in one write, as FCGX_Finish_r would, while still telling
            // whether the write failed (the client went away); a flush first cost a second write.
            FCGX_FClose(request.err)
            let aborted = written != Int32(bytes.count) || FCGX_FClose(request.out) != 0
            FCGX_Finish_r(&request)
            if !finished(response, aborted) { break }
        }
        FCGX_Free(&request, 1)
    }

    /// Asks the kernel to send SIGTERM when the parent (the runner) dies, so workers never
    /// outlive their supervisor; exits at once if it is already gone.
    public static func stopWithParent() {
        _ = agora_set_parent_death_signal(SIGTERM)
        if getppid() == 1 { exit(0) }
    }

    static func read(_ request: inout FCGX_Request, bodyLimit: Int) -> FastCGIExchange {
        // Each parameter goes from libfcgi's bytes to the request being built: no dictionary of
        // every parameter nginx sends (hashing it cost more than the rest of reading).
        var builder = CGIRequestBuilder()
        if var cursor = request.envp {
            while let entry = cursor.pointee {
                FastCGIServer.parameter(entry) { name, value in builder.add(name: name, value: value) }
                cursor += 1
            }
        }
        var body: [UInt8] = []
        // A body nginx wrote to a file (uploads) is not on stdin: its length is not this limit's.
        var tooLarge = builder.declaredLength > bodyLimit && builder.bodyFile == nil
        if !tooLarge {
            // Read until EOF even without CONTENT_LENGTH (chunked bodies nginx buffered). The
            // buffer is left uninitialized: FCGX_GetStr fills what it returns, and zeroing 16 KiB
            // cost some 16,000 instructions on every request, bodiless GETs included.
            let chunkSize = 16 * 1024
            let chunk = UnsafeMutablePointer<CChar>.allocate(capacity: chunkSize)
            defer { chunk.deallocate() }
            while true {
                let count = Int(FCGX_GetStr(chunk, Int32(chunkSize), request.in))
                if count <= 0 { break }
                chunk.withMemoryRebound(to: UInt8.self, capacity: count) { bytes in
                    body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
                }
                if body.count > bodyLimit { tooLarge = true; body = []; break }
            }
        }
        return FastCGIExchange(request: builder.request(body: body), bodyTooLarge: tooLarge, authOnly: builder.authOnly)
    }
}

extension FastCGIServer {
    /// One `NAME=value` entry of libfcgi's environment, split at its first `=` byte (an entry
    /// without one is skipped). Searched over bytes: a search by Character (grapheme clusters)
    /// cost about 5,000 instructions per parameter.
    static func parameter(_ entry: UnsafePointer<CChar>, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
        let length = strlen(entry)
        entry.withMemoryRebound(to: UInt8.self, capacity: length) { start in
            let bytes = UnsafeBufferPointer(start: start, count: length)
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { return }
            body(UnsafeBufferPointer(rebasing: bytes[..<equals]), UnsafeBufferPointer(rebasing: bytes[(equals + 1)...]))
        }
    }
}

/// What one FastCGI request carried, copied out of libfcgi's buffers.
public struct FastCGIExchange: Sendable {
    public let request: Request
    public let bodyTooLarge: Bool
    /// nginx asks an upload's gate (`AGORA_AUTH_ONLY=1`) whether the caller may send the body.
    public let authOnly: Bool
}
/// Why the FastCGI transport could not start.
public enum FastCGIError: Error, CustomStringConvertible {
    case initFailed, notASocket, cannotListen(String)

    public var description: String {
        switch self {
        case .initFailed: "FCGX_Init failed"
        case .notASocket: "fd 0 is not a listening socket (start under the runner, or use --listen PATH or invoke)"
        case .cannotListen(let path): "cannot listen on \(path)"
        }
    }
}
