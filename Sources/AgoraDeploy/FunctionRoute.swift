import AgoraCore

/// One route as a function declares it in its code: a method and a path template
/// (`/api/blogs/{id}/`), as `agora-<function> routes` prints it.
public struct FunctionRoute: Sendable, Hashable, CustomStringConvertible {
    /// The upper-case HTTP method.
    public let method: String
    /// The path template: `/`-separated literal segments and `{name}` parameters, ending in `/`.
    public let path: String
    /// For a real-time route, its channel prefix (see `Router.stream`): nginx sends its
    /// subscribers to the function, which redirects them to nchan.
    public let stream: String?
    /// Its body comes as a file nginx wrote (`"body": "file"`: uploads), not through the socket.
    public let bodyInFile: Bool
    /// It needs a caller (`"auth": "required"`).
    public let requiresAuth: Bool

    /// A route; the method is upper-cased.
    public init(method: String, path: String, stream: String? = nil, bodyInFile: Bool = false, requiresAuth: Bool = false) {
        self.method = method.uppercased()
        self.path = path
        self.stream = stream
        self.bodyInFile = bodyInFile
        self.requiresAuth = requiresAuth
    }

    /// `METHOD path`.
    public var description: String { "\(method) \(path)" }

    /// `{"method": ..., "path": ...}`, as the functions print it.
    public var json: JSON {
        var entry: [String: JSON] = ["method": .string(method), "path": .string(path)]
        if let stream { entry["stream"] = .string(stream) }
        if bodyInFile { entry["body"] = "file" }
        if requiresAuth { entry["auth"] = "required" }
        return .object(entry)
    }
}
