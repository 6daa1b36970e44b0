import AgoraCore

/// One route as a function declares it in its code: a method and a path template
/// (`/api/blogs/{id}/`), as `agora-<function> routes` prints it.
public struct FunctionRoute: Sendable, Hashable, CustomStringConvertible {
    /// The upper-case HTTP method.
    public let method: String
    /// The path template: `/`-separated literal segments and `{name}` parameters, ending in `/`.
    public let path: String
    /// For a real-time route, its channel prefix: nginx serves the path to nchan subscribers of
    /// channel `<stream>_<path id>`, authorised by the function.
    public let stream: String?

    /// A route; the method is upper-cased.
    public init(method: String, path: String, stream: String? = nil) {
        self.method = method.uppercased()
        self.path = path
        self.stream = stream
    }

    /// `METHOD path`.
    public var description: String { "\(method) \(path)" }

    /// `{"method": ..., "path": ...}`, as the functions print it.
    public var json: JSON {
        var entry: [String: JSON] = ["method": .string(method), "path": .string(path)]
        if let stream { entry["stream"] = .string(stream) }
        return .object(entry)
    }
}
