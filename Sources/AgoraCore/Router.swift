/// Whether a route needs a caller: `required` answers 401 without a valid token; `optional`
/// accepts anonymous callers but still refuses an invalid token (a token that is sent must be valid).
public enum AuthRequirement: Sendable {
    case required, optional
}

/// A route: method + template (`/api/blogs/{id}/`), where every `{name}` is a positive 64-bit
/// integer and anything else is a 404.
public struct Route<Context>: Sendable {
    public typealias Handler = @Sendable (Request, Context) throws -> Response
    public let method: String
    public let template: String
    public let auth: AuthRequirement
    /// The request body arrives as a file nginx wrote (`Request.bodyFilePath`), never through the
    /// worker's stdin: uploads. `agora-<fn> routes` prints it as `"body": "file"`.
    public let bodyInFile: Bool
    /// What the OpenAPI document says of it, made only when asked for: a worker that serves
    /// requests never builds its documentation (start-up stays as cheap as the route table).
    let describe: @Sendable () -> OperationDoc
    public let handler: Handler
    /// For a real-time route (`Router.stream`), the channel prefix: nginx serves the path itself
    /// (nchan subscribers on channel `<prefix>_<path id>`) and asks the handler only whether a
    /// subscriber may connect (2xx yes; an error envelope no).
    public let stream: String?
    /// Its position in the table (metrics count by it).
    public let index: Int
    let segments: [Segment]

    public var doc: OperationDoc { describe() }

    /// This route's operation in the OpenAPI document.
    public var operation: JSON {
        OpenAPIDocument.operation(method: method, template: template, authRequired: auth == .required, doc: doc)
    }
}

enum Segment: Sendable, Equatable {
    case literal(String)
    case parameter(String)
}

/// The outcome of matching a request against the route table.
public enum RouteMatch<Context> {
    case found(Route<Context>, parameters: [String: Int64])
    case methodNotAllowed(allow: [String])
    case notFound
}

/// The in-function router: method + path template, trailing slash optional, 405 with `Allow`.
public struct Router<Context>: Sendable {
    public private(set) var routes: [Route<Context>] = []

    public init() {}

    /// Declares a route: its method and template, whether it needs a caller, its documentation
    /// (with the request body's fields, the same value the handler decodes with) and its handler.
    public mutating func add(
        _ method: String, _ template: String, auth: AuthRequirement = .optional, bodyInFile: Bool = false,
        _ doc: @autoclosure @escaping @Sendable () -> OperationDoc, _ handler: @escaping Route<Context>.Handler
    ) {
        add(method, template, auth: auth, bodyInFile: bodyInFile, stream: nil, doc, handler)
    }

    /// A real-time route: nginx sends only Server-Sent Events and WebSocket requests of `GET
    /// template` to `authorize`, which refuses with an error or admits the subscriber with
    /// `RealTime.subscribe` (nginx's internal redirect to nchan on the channels it names, the
    /// first of them `<channel>_<id>`).
    public mutating func stream(
        _ template: String, channel: String, _ doc: @autoclosure @escaping @Sendable () -> OperationDoc,
        authorize: @escaping Route<Context>.Handler
    ) {
        add("GET", template, auth: .optional, bodyInFile: false, stream: channel, doc, authorize)
    }

    mutating func add(
        _ method: String, _ template: String, auth: AuthRequirement, bodyInFile: Bool, stream: String?,
        _ doc: @escaping @Sendable () -> OperationDoc, _ handler: @escaping Route<Context>.Handler
    ) {
        let method = method.uppercased()
        var describe: @Sendable () -> OperationDoc = doc
        if method == "PATCH" {
            describe = {
                var patch = doc()
                patch.partialBody = true
                return patch
            }
        }
        routes.append(Route(method: method, template: template, auth: auth, bodyInFile: bodyInFile, describe: describe,
                            handler: handler, stream: stream, index: routes.count, segments: Router.split(template).map(Router.segment)))
    }

    public mutating func get(_ t: String, auth: AuthRequirement = .optional, _ d: @autoclosure @escaping @Sendable () -> OperationDoc,
                             _ h: @escaping Route<Context>.Handler) { add("GET", t, auth: auth, d(), h) }
    public mutating func post(_ t: String, auth: AuthRequirement = .optional, _ d: @autoclosure @escaping @Sendable () -> OperationDoc,
                              _ h: @escaping Route<Context>.Handler) { add("POST", t, auth: auth, d(), h) }
    public mutating func put(_ t: String, auth: AuthRequirement = .optional, _ d: @autoclosure @escaping @Sendable () -> OperationDoc,
                             _ h: @escaping Route<Context>.Handler) { add("PUT", t, auth: auth, d(), h) }
    public mutating func patch(_ t: String, auth: AuthRequirement = .optional, _ d: @autoclosure @escaping @Sendable () -> OperationDoc,
                               _ h: @escaping Route<Context>.Handler) { add("PATCH", t, auth: auth, d(), h) }
    public mutating func delete(_ t: String, auth: AuthRequirement = .optional, _ d: @autoclosure @escaping @Sendable () -> OperationDoc,
                                _ h: @escaping Route<Context>.Handler) { add("DELETE", t, auth: auth, d(), h) }

    /// Every (method, template) pair, for checks against `functions.json`.
    public var table: [(method: String, template: String)] { routes.map { ($0.method, $0.template) } }

    /// HEAD is answered wherever GET is (as DRF does); the transport sends no body for it.
    public func match(method: String, path: String) -> RouteMatch<Context> {
        if method == "HEAD", case .found(let route, let parameters) = match(method: "GET", path: path) {
            return .found(route, parameters: parameters)
        }
        let parts = Router.split(path)
        var allowed: [String] = []
        var found: (Route<Context>, [String: Int64])?
        for route in routes where route.segments.count == parts.count && Router.matches(route.segments, parts) {
            // Parameters are bound (a dictionary allocated) for the route that answers only.
            if route.method == method, found == nil, let parameters = Router.bind(route.segments, parts) {
                found = (route, parameters)
            }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        if let found { return .found(found.0, parameters: found.1) }
        if allowed.isEmpty { return .notFound }
        return .methodNotAllowed(allow: allowed)
    }

    /// Path segments after the leading `/`; one trailing slash is optional, so
    /// `/api/blogs/1` and `/api/blogs/1/` match alike, while `//` never matches.
    static func split(_ path: some StringProtocol) -> [Substring] {
        var parts = Substring(path).split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if parts.last?.isEmpty == true { parts = parts.dropLast() }
        return Array(parts)
    }

    static func segment(_ part: Substring) -> Segment {
        if part.first == "{", part.last == "}" { return .parameter(String(part.dropFirst().dropLast())) }
        return .literal(String(part))
    }

    /// Whether the path fits the template (its literals, and an id where a parameter is),
    /// without binding anything.
    static func matches(_ segments: [Segment], _ parts: [Substring]) -> Bool {
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal):
                guard part == literal else { return false }
            case .parameter:
                guard PathID.isCanonical(part) else { return false }
            }
        }
        return true
    }

    static func bind(_ segments: [Segment], _ parts: [Substring]) -> [String: Int64]? {
        var parameters: [String: Int64] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal):
                guard part == literal else { return nil }
            case .parameter(let name):
                guard let id = PathID.parse(part) else { return nil }
                parameters[name] = id
            }
        }
        return parameters
    }

}

/// Path ids: canonical positive 64-bit integers (`01`, `+1`, `2^64` are not ids).
public enum PathID {
    /// A canonical positive 64-bit integer: digits only, no leading zero, no sign, no overflow.
    public static func parse(_ text: some StringProtocol) -> Int64? {
        guard let first = text.utf8.first, first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9") else { return nil }
        guard text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int64(text)
    }

    /// Whether `parse` would return an id: digits without a leading zero, at most Int64.max.
    static func isCanonical(_ text: Substring) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first, first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9"), utf8.count <= 19 else { return false }
        guard utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return false }
        return utf8.count < 19 || utf8.lexicographicallyPrecedes("9223372036854775808".utf8)
    }
}
