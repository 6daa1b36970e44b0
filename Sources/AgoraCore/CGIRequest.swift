/// Building requests from CGI/FastCGI parameters and writing CGI responses: shared by the
/// FastCGI and CGI transports so both see exactly the same request.
extension Request {
    /// `params` are CGI meta-variables (`REQUEST_METHOD`, `DOCUMENT_URI`, `HTTP_*`, ...).
    public static func fromCGI(_ params: [String: String], body: [UInt8]) -> Request {
        var builder = CGIRequestBuilder()
        for (name, value) in params {
            var name = name, value = value
            name.withUTF8 { name in value.withUTF8 { value in builder.add(name: name, value: value) } }
        }
        return builder.request(body: body)
    }
}

/// A request gathered one CGI meta-variable at a time, straight from the transport's bytes: only
/// the variables a request is made of become strings (the method, the paths, the query, the
/// `HTTP_*` headers, the content type and length, nginx's request id, an upload's body file, the
/// client's address); the rest of what nginx sends (`SERVER_SOFTWARE`, `DOCUMENT_ROOT`, ...) is
/// skipped unread. When a name comes twice, the last value counts.
public struct CGIRequestBuilder {
    var method: String?
    var documentURI: String?
    var requestURI: String?
    var pathInfo: String?
    var query: String?
    var contentType: String?
    var contentLength: String?
    var proxyRequestID: String?
    var remoteAddress: String?
    var headers = Headers()
    /// `REQUEST_BODY_FILE` when not empty: a body nginx wrote to a file (uploads).
    public private(set) var bodyFile: String?
    /// `AGORA_AUTH_ONLY=1`: nginx asks an upload's gate whether the caller may send the body.
    public private(set) var authOnly = false

    public init() {}

    /// `CONTENT_LENGTH` as a number (0 when absent or not a number).
    public var declaredLength: Int { contentLength.flatMap { Int($0) } ?? 0 }

    public mutating func add(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        guard let first = name.first else { return }
        if first == UInt8(ascii: "H") {
            if name.count > 5, CGIRequestBuilder.is(name, "HTTP_", prefix: true) {
                headers.appendLowercased(CGIRequestBuilder.headerName(name), CGIRequestBuilder.string(value))
            }
            return
        }
        switch name.count {
        case 11 where CGIRequestBuilder.is(name, "REMOTE_ADDR"): remoteAddress = CGIRequestBuilder.string(value)
        case 10 where CGIRequestBuilder.is(name, "REQUEST_ID"): proxyRequestID = CGIRequestBuilder.string(value)
        case 11 where CGIRequestBuilder.is(name, "REQUEST_URI"): requestURI = CGIRequestBuilder.string(value)
        case 12 where CGIRequestBuilder.is(name, "DOCUMENT_URI"): documentURI = CGIRequestBuilder.string(value)
        case 12 where CGIRequestBuilder.is(name, "QUERY_STRING"): query = CGIRequestBuilder.string(value)
        case 12 where CGIRequestBuilder.is(name, "CONTENT_TYPE"): contentType = CGIRequestBuilder.string(value)
        case 14 where CGIRequestBuilder.is(name, "REQUEST_METHOD"): method = CGIRequestBuilder.string(value)
        case 14 where CGIRequestBuilder.is(name, "CONTENT_LENGTH"): contentLength = CGIRequestBuilder.string(value)
        case 9 where CGIRequestBuilder.is(name, "PATH_INFO"): pathInfo = CGIRequestBuilder.string(value)
        case 17 where CGIRequestBuilder.is(name, "REQUEST_BODY_FILE"):
            bodyFile = value.isEmpty ? nil : CGIRequestBuilder.string(value)
        case 15 where CGIRequestBuilder.is(name, "AGORA_AUTH_ONLY"):
            authOnly = value.count == 1 && value[0] == UInt8(ascii: "1")
        default: break
        }
    }

    public func request(body: [UInt8]) -> Request {
        var headers = headers
        if let contentType, !contentType.isEmpty { headers["content-type"] = contentType }
        if let contentLength, !contentLength.isEmpty { headers["content-length"] = contentLength }
        // DOCUMENT_URI is nginx's normalised path; REQUEST_URI is the raw one with the query.
        var path = documentURI ?? ""
        if path.isEmpty {
            let raw = requestURI ?? pathInfo ?? "/"
            path = String(raw.prefix { $0 != "?" })
        }
        let requestID = RequestID.resolve(client: headers["x-request-id"], proxy: proxyRequestID)
        return Request(
            method: method ?? "GET", path: path.isEmpty ? "/" : path, queryString: query ?? "", headers: headers,
            body: body, requestID: requestID, bodyFilePath: bodyFile, remoteAddress: remoteAddress)
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Whether `name` is `literal` (or, with `prefix`, starts with it), byte for byte.
    static func `is`(_ name: UnsafeBufferPointer<UInt8>, _ literal: StaticString, prefix: Bool = false) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard prefix ? name.count >= count : name.count == count else { return false }
        let bytes = literal.utf8Start
        for index in 0..<count where name[index] != bytes[index] { return false }
        return true
    }

    /// `HTTP_X_REQUEST_ID` → `x-request-id` (what `Headers` stores), byte by byte.
    static func headerName(_ name: UnsafeBufferPointer<UInt8>) -> String {
        let source = UnsafeBufferPointer(rebasing: name[5...])
        return String(unsafeUninitializedCapacity: source.count) { out in
            for (index, byte) in source.enumerated() {
                out[index] = byte == UInt8(ascii: "_") ? UInt8(ascii: "-") : Headers.lower(byte)
            }
            return source.count
        }
    }
}

extension Response {
    /// The CGI form: a `Status:` header, the headers, a blank line, the body, in one buffer
    /// written byte by byte (string interpolation cost more than the rest of the answer).
    public func cgiBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + headers.count * 48 + body.count)
        out.append(contentsOf: "Status: ".utf8)
        Response.appendDecimal(status, to: &out)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: Response.reason(status).utf8)
        out.append(contentsOf: [13, 10])
        for (name, value) in headers {
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
            out.append(contentsOf: value.utf8)
            out.append(contentsOf: [13, 10])
        }
        if status != 204 && status != 304 {
            out.append(contentsOf: "Content-Length: ".utf8)
            Response.appendDecimal(body.count, to: &out)
            out.append(contentsOf: [13, 10])
        }
        out.append(contentsOf: [13, 10])
        out.append(contentsOf: body)
        return out
    }

    /// An integer's decimal digits.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        guard value > 0 else {
            out.append(contentsOf: String(value).utf8)  // 0, or a negative number (never a status)
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 24 digits, on the stack
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }
}
