/// One HTTP request as a handler sees it, whatever transport brought it (FastCGI, CGI, a local
/// event). Every value is copied into Swift before the handler runs.
public struct Request: Sendable {
    public var method: String
    /// The path without the query string, as received (`/api/blogs/1/`).
    public var path: String
    public var queryString: String
    public var headers: Headers
    public var body: [UInt8]
    public var requestID: String
    /// Set by the router: the template that matched (`/api/blogs/{id}/`) and its integer ids.
    public var route: String = ""
    public var pathParameters: [String: Int64] = [:]
    /// For uploads that nginx wrote to a file (`client_body_in_file_only`): its path.
    public var bodyFilePath: String?
    public var remoteAddress: String?
    /// The request's span in a distributed trace, set when the pipeline starts (see `TraceContext`).
    public var trace: TraceContext?

    public init(
        method: String, path: String, queryString: String = "", headers: Headers = Headers(),
        body: [UInt8] = [], requestID: String = "", bodyFilePath: String? = nil, remoteAddress: String? = nil
    ) {
        self.method = method.utf8.contains { $0 &- 97 < 26 } ? method.uppercased() : method
        self.path = path
        self.queryString = queryString
        self.headers = headers
        self.body = body
        self.requestID = requestID
        self.bodyFilePath = bodyFilePath
        self.remoteAddress = remoteAddress
    }

    /// The query parameters, decoded (`+` is a space), in the order sent.
    public var query: QueryParameters { QueryParameters(queryString) }

    /// A path id the router already validated as a positive 64-bit integer.
    public func id(_ name: String = "id") throws(APIError) -> Int64 {
        guard let value = pathParameters[name] else { throw APIError.notFound }
        return value
    }

    /// The bearer token of the `Authorization` header. Another scheme (`Basic ...`) or an empty
    /// header is no token at all, as with DRF's JWTAuthentication (anonymous on public routes,
    /// 401 `not_authenticated` where a caller is required); `Bearer` without a token is an
    /// empty, invalid token.
    public var bearerToken: String? {
        guard let value = headers["authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard let scheme = parts.first, scheme.lowercased() == "bearer" else { return nil }
        return parts.count == 2 ? parts[1].trimmingSpaces() : ""
    }

    public var contentType: String? { headers["content-type"] }
}

extension Substring {
    func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
