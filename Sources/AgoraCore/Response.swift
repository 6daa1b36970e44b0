/// What a handler returns; transports turn it into FastCGI/CGI output or an invocation result.
public struct Response: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static let jsonContentType = "application/json; charset=utf-8"

    /// A JSON response with the contract's content type.
    public static func json(_ value: JSON, status: Int = 200) -> Response {
        Response(status: status, headers: [("Content-Type", jsonContentType)], body: value.serialized())
    }

    /// A JSON response written straight from `value` (no `JSON` tree in between).
    public static func json(_ value: some JSONObjectWritable, status: Int = 200) -> Response {
        Response(status: status, headers: [("Content-Type", jsonContentType)], body: value.serialized())
    }

    public static let noContent = Response(status: 204)

    /// The error envelope for `error`, carrying the request id and the error's headers.
    public static func error(_ error: APIError, requestID: String) -> Response {
        var response = Response.json(error.envelope(requestID: requestID), status: error.status)
        response.headers.append(contentsOf: error.headers)
        return response
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The reason phrase for a status line (`Status: 404 Not Found`).
    public static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Payload Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status \(status)"
        }
    }
}
