import AgoraCore


#if canImport(Glibc)
import Glibc
#endif

/// The routes and HTTP settings of `functions.json`, as nginx and the route checks need them.
public struct RouteManifest: Sendable {
    public struct Function: Sendable {
        public let name: String
        public let routes: [Route]
        public let requestTimeout: Int
    }

    public struct Route: Sendable, Hashable {
        public let method: String
        public let path: String
    }

    public let functions: [Function]
    public let rateLimitPerSecond: Int
    public let rateLimitBurst: Int
    public let corsOrigins: [String]
    public let jsonBodyLimit: String
    /// Idle FastCGI connections each nginx worker keeps per function (0: `fastcgi_keep_conn off`).
    public let fastcgiKeepalive: Int

    /// Reads the manifest; a problem is one line naming the file and what is wrong.
    public static func load(_ path: String) throws -> RouteManifest {
        guard let bytes = try? Posix.readFile(path) else { throw CLIError("cannot read \(path)") }
        let json: JSON
        do { json = try JSON.parse(bytes) } catch { throw CLIError("\(path) is not valid JSON: \(error)") }
        let defaults = json["defaults"]?["pool"]
        var functions: [Function] = []
        for (name, entry) in (json["functions"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            var routes: [Route] = []
            for route in entry["routes"]?.arrayValue ?? [] {
                guard let method = route["method"]?.stringValue, let path = route["path"]?.stringValue else {
                    throw CLIError("function \(name) has a route without method or path")
                }
                routes.append(Route(method: method.uppercased(), path: path))
            }
            let timeout = entry["pool"]?["request_timeout"]?.intValue ?? defaults?["request_timeout"]?.intValue ?? 30
            functions.append(Function(name: name, routes: routes, requestTimeout: Int(timeout)))
        }
        let http = json["http"]
        return RouteManifest(
            functions: functions,
            rateLimitPerSecond: Int(http?["rate_limit"]?["requests_per_second"]?.intValue ?? 200),
            rateLimitBurst: Int(http?["rate_limit"]?["burst"]?.intValue ?? 400),
            corsOrigins: (http?["cors_origins"]?.arrayValue ?? []).compactMap(\.stringValue),
            jsonBodyLimit: http?["json_body_limit"]?.stringValue ?? "1m",
            fastcgiKeepalive: Int(http?["fastcgi_keepalive"]?.intValue ?? 0))
    }

    /// Problems with the table itself: a route (method + path) or a path claimed by two
    /// functions, or a path that is not a template of `/`-terminated segments.
    public func conflicts() -> [String] {
        var owner: [String: String] = [:]
        var problems: [String] = []
        for function in functions {
            for path in Set(function.routes.map(\.path)) {
                let key = NginxConfig.regex(for: path)
                if let other = owner[key], other != function.name {
                    problems.append("\(path) is claimed by both \(other) and \(function.name)")
                }
                owner[key] = function.name
                if !path.hasPrefix("/") || !path.hasSuffix("/") {
                    problems.append("\(path) of \(function.name) must start and end with /")
                }
            }
            var seen = Set<String>()
            for route in function.routes where !seen.insert("\(route.method) \(route.path)").inserted {
                problems.append("\(route.method) \(route.path) is listed twice in \(function.name)")
            }
        }
        return problems.sorted()
    }
}

public struct CLIError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}


extension RouteManifest {
    /// The function whose route templates match `path` (ids filled in), if any.
    public func function(serving path: String) -> String? {
        for function in functions {
            for route in function.routes where RouteManifest.matches(template: route.path, path: path) {
                return function.name
            }
        }
        return nil
    }

    static func matches(template: String, path: String) -> Bool {
        let t = template.split(separator: "/")
        let p = path.split(separator: "/")
        guard t.count == p.count else { return false }
        return zip(t, p).allSatisfy { $0.hasPrefix("{") ? PathID.parse($1) != nil : $0 == $1 }
    }
}
