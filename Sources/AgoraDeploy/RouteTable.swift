import AgoraCore

/// Every function's routes, as each function declares them in its own code. A route exists in
/// one place, its function's route table; nginx's locations and the API checks are gathered
/// from the built binaries (`RouteTable.gather`), never written down a second time.
public struct RouteTable: Sendable, Equatable {
    /// The routes of each function, in the order the function declares them.
    public let routes: [String: [FunctionRoute]]

    /// A table of already gathered routes.
    public init(_ routes: [String: [FunctionRoute]]) {
        self.routes = routes
    }

    /// The function names, sorted.
    public var functions: [String] { routes.keys.sorted() }

    /// The routes of one function (none for a function the table does not have).
    public func routes(of function: String) -> [FunctionRoute] {
        routes[function] ?? []
    }

    /// `{"<function>": [{"method", "path"}, ...]}`, what `agora routes --json` prints.
    public var json: JSON {
        .object(routes.mapValues { .array($0.map(\.json)) })
    }

    /// What keeps the table from being routed, one sentence each, sorted: a path claimed by two
    /// functions (templates that differ only in parameter names are the same path to nginx), a
    /// route declared twice, a path that is not a template, a method that is not a method.
    public func conflicts() -> [String] {
        var owner: [String: String] = [:]
        var problems: [String] = []
        for function in functions {
            let declared = routes(of: function)
            for path in Set(declared.map(\.path)) {
                if !RouteTable.isTemplate(path) {
                    problems.append("\(path) of \(function) is not a path template (segments of A-Z a-z 0-9 . _ ~ - "
                        + "or {name}, starting and ending with /)")
                    continue
                }
                let key = RouteTable.regex(for: path)
                if let other = owner[key], other != function {
                    problems.append("\(path) is claimed by both \(other) and \(function)")
                }
                owner[key] = function
            }
            var seen = Set<FunctionRoute>()
            for route in declared {
                if !seen.insert(route).inserted { problems.append("\(route) is declared twice by \(function)") }
                if route.method.isEmpty || !route.method.utf8.allSatisfy({ (65...90).contains($0) }) {
                    problems.append("\(route) of \(function): the method must be upper-case letters")
                }
            }
        }
        return problems.sorted()
    }

    /// The routes whose template matches `path` (ids filled in, an optional `?query` ignored),
    /// with their function.
    public func routes(serving path: String) -> [(function: String, route: FunctionRoute)] {
        let bare = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? path
        var found: [(function: String, route: FunctionRoute)] = []
        for function in functions {
            for route in routes(of: function) where RouteTable.matches(template: route.path, path: bare) {
                found.append((function, route))
            }
        }
        return found
    }

    /// The regex nginx matches a template with: a parameter is one segment, the last slash optional.
    public static func regex(for template: String) -> String {
        let segments = template.split(separator: "/").map { segment in
            segment.hasPrefix("{") ? "[^/]+" : String(segment).replacing(".", with: "\\.")
        }
        return "^/" + segments.joined(separator: "/") + "/?$"
    }

    /// `/`, then segments that are literals of URL-safe characters or `{name}` parameters, each
    /// followed by `/`: nothing that could change the meaning of the regex or of nginx.conf.
    static func isTemplate(_ path: String) -> Bool {
        guard path.hasPrefix("/"), path.hasSuffix("/"), !path.contains("//") else { return false }
        return path.split(separator: "/").allSatisfy { segment in
            if segment.hasPrefix("{") {
                let name = segment.dropFirst().dropLast()
                guard segment.hasSuffix("}"), let first = name.utf8.first, !(48...57).contains(first) else { return false }
                return name.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") }
            }
            return segment.utf8.allSatisfy { isAlphanumeric($0) || "._~-".utf8.contains($0) }
        }
    }

    static func matches(template: String, path: String) -> Bool {
        let t = template.split(separator: "/")
        let p = path.split(separator: "/")
        guard t.count == p.count else { return false }
        return zip(t, p).allSatisfy { $0.hasPrefix("{") ? PathID.parse($1) != nil : $0 == $1 }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }
}
