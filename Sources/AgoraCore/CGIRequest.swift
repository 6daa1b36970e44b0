/// Building requests from CGI/FastCGI parameters and writing CGI responses: shared by the
/// FastCGI and CGI transports so both see exactly the same request.
extension Request {
    /// `params` are CGI meta-variables (`REQUEST_METHOD`, `DOCUMENT_URI`, `HTTP_*`, ...).
    public static func fromCGI(_ params: [String: String], body: [UInt8]) -> Request {
        var headers = Headers()
        for (name, value) in params where name.hasPrefix("HTTP_") {
            headers[Request.headerName(cgi: name)] = value
        }
        if let type = params["CONTENT_TYPE"], !type.isEmpty { headers["content-type"] = type }
        if let length = params["CONTENT_LENGTH"], !length.isEmpty { headers["content-length"] = length }
        // DOCUMENT_URI is nginx's normalised path; REQUEST_URI is the raw one with the query.
        var path = params["DOCUMENT_URI"] ?? ""
        if path.isEmpty {
            let raw = params["REQUEST_URI"] ?? params["PATH_INFO"] ?? "/"
            path = String(raw.prefix { $0 != "?" })
        }
        let requestID = RequestID.resolve(client: headers["x-request-id"], proxy: params["REQUEST_ID"])
        let bodyFile = params["REQUEST_BODY_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        return Request(
            method: params["REQUEST_METHOD"] ?? "GET", path: path.isEmpty ? "/" : path,
            queryString: params["QUERY_STRING"] ?? "", headers: headers, body: body, requestID: requestID,
            bodyFilePath: bodyFile, remoteAddress: params["REMOTE_ADDR"])
    }
}

extension Request {
    /// `HTTP_X_REQUEST_ID` → `x-request-id` (what `Headers` stores), byte by byte.
    static func headerName(cgi name: String) -> String {
        var bytes = Array(name.utf8.dropFirst(5))
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "_"): bytes[index] = UInt8(ascii: "-")
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes[index] += 32
            default: break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Response {
    /// The CGI form: a `Status:` header, the headers, a blank line, the body.
    public func cgiBytes() -> [UInt8] {
        var head = "Status: \(status) \(Response.reason(status))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if status != 204 && status != 304 { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + body
    }
}
