import AgoraCore

#if canImport(Glibc)
import Glibc
#endif

/// CGI: one request from the environment and stdin, the response on stdout with `Status:`.
enum CGI {
    static func run(worker: Worker, environment: [String: String]) -> Int32 {
        let declared = Int(environment["CONTENT_LENGTH"] ?? "") ?? 0
        var request: Request
        let response: Response
        if declared > Request.jsonBodyLimit {
            request = Request.fromCGI(environment, body: [])
            response = worker.reject(request: &request, APIError.payloadTooLarge)
        } else {
            let body = declared > 0 ? Array(((try? Posix.readAll(fd: 0)) ?? []).prefix(declared)) : []
            request = Request.fromCGI(environment, body: body)
            response = worker.handle(request)
        }
        let bytes = response.cgiBytes()
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
            if written <= 0 { break }
            offset += written
        }
        worker.finished(response, aborted: offset < bytes.count)
        return 0
    }
}
