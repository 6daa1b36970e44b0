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
    /// A literal segment's bytes.
    case literal([UInt8])
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
    /// Each route's method and segments, in the same order, in a type that is not generic: the
    /// matching loop over them compiles to direct code, where one over `routes` went through
    /// unspecialised generic accessors (some 180 instructions per element read).
    private var matchers: [RouteMatcher] = []

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
        let segments = Router.split(template).map(Router.segment)
        routes.append(Route(method: method, template: template, auth: auth, bodyInFile: bodyInFile, describe: describe,
                            handler: handler, stream: stream, index: routes.count, segments: segments))
        matchers.append(RouteMatcher(method: method, segments: segments))
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
        var path = path
        return path.withUTF8 { bytes in match(method: method, bytes: bytes) }
    }

    /// Each route is walked against the path's bytes in place: nothing is split, copied or
    /// allocated until the route that answers binds its ids.
    func match(method: String, bytes path: UnsafeBufferPointer<UInt8>) -> RouteMatch<Context> {
        switch RouteMatcher.match(matchers, method: method, path: path) {
        case .found(let index, let parameters): .found(routes[index], parameters: parameters)
        case .methodNotAllowed(let allow): .methodNotAllowed(allow: allow)
        case .notFound: .notFound
        }
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
        return .literal(Array(part.utf8))
    }

}

/// A route's method and segments: what matching reads.
struct RouteMatcher: Sendable {
    let method: String
    let segments: [Segment]

    enum Outcome {
        case found(Int, parameters: [String: Int64])
        case methodNotAllowed(allow: [String])
        case notFound
    }

    /// The answering route first; the methods the path allows are gathered only when none
    /// answers (405 or 404).
    static func match(_ matchers: [RouteMatcher], method: String, path: UnsafeBufferPointer<UInt8>) -> Outcome {
        for (index, matcher) in matchers.enumerated() where matcher.method == method && RouteMatcher.matches(matcher.segments, path) {
            if let parameters = RouteMatcher.bind(matcher.segments, path) { return .found(index, parameters: parameters) }
        }
        var allowed: [String] = []
        for matcher in matchers where RouteMatcher.matches(matcher.segments, path) {
            if !allowed.contains(matcher.method) { allowed.append(matcher.method) }
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allow: allowed)
    }

    /// Calls `body` with each of the path's segments as `split` gives them, as its bytes, while it
    /// returns true; false when it does not, or when the path has other than `count` segments.
    static func forEachSegment(
        of path: UnsafeBufferPointer<UInt8>, count: Int, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool {
        let slash = UInt8(ascii: "/")
        // What precedes the first slash is not a segment; a path without one has none.
        guard var start = path.firstIndex(of: slash).map({ $0 + 1 }) else { return count == 0 }
        var index = 0
        while index < count {
            guard start <= path.count else { return false }
            var end = start
            while end < path.count && path[end] != slash { end += 1 }
            // An empty last component is the optional trailing slash, not a segment.
            if end == path.count && end == start { return false }
            guard body(index, UnsafeBufferPointer(rebasing: path[start..<end])) else { return false }
            index += 1
            start = end + 1
        }
        // Nothing may follow but one optional trailing slash.
        return start >= path.count
    }

    /// Whether the path fits the template (its literals, and an id where a parameter is),
    /// without binding anything.
    static func matches(_ segments: [Segment], _ path: UnsafeBufferPointer<UInt8>) -> Bool {
        RouteMatcher.forEachSegment(of: path, count: segments.count) { index, part in
            switch segments[index] {
            case .literal(let literal): literal.withUnsafeBufferPointer { part.elementsEqual($0) }
            case .parameter: PathID.isCanonical(part)
            }
        }
    }

    static func bind(_ segments: [Segment], _ path: UnsafeBufferPointer<UInt8>) -> [String: Int64]? {
        var parameters: [String: Int64] = [:]
        let fits = RouteMatcher.forEachSegment(of: path, count: segments.count) { index, part in
            if case .parameter(let name) = segments[index] {
                guard let id = PathID.parse(part) else { return false }
                parameters[name] = id
            }
            return true
        }
        return fits ? parameters : nil
    }
}

/// Path ids: canonical positive 64-bit integers (`01`, `+1`, `2^64` are not ids).
public enum PathID {
    /// A canonical positive 64-bit integer: digits only, no leading zero, no sign, no overflow.
    public static func parse(_ text: some StringProtocol) -> Int64? {
        var text = String(text)
        return text.withUTF8 { parse($0) }
    }

    /// Whether `parse` would return an id: digits without a leading zero, at most Int64.max.
    static func isCanonical(_ text: Substring) -> Bool {
        var text = text
        return text.withUTF8 { isCanonical($0) }
    }

    /// `isCanonical` over bytes.
    static func isCanonical(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first, first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9"), utf8.count <= 19 else { return false }
        guard utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return false }
        return utf8.count < 19 || utf8.lexicographicallyPrecedes("9223372036854775808".utf8)
    }

    /// `parse` over bytes, without making a string.
    static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard isCanonical(utf8) else { return nil }
        // At most Int64.max (checked above): no step can overflow.
        return utf8.reduce(0) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
    }
}
