extension NginxConfig {
    /// `$agora_allow`: the methods each route path serves, so that the 405s nginx answers itself
    /// (TRACE, which never reaches a function) carry `Allow` like the functions' own.
    /// Paths with more literal segments come first, as in the locations: the first regex wins.
    func allowMap() -> String {
        var methods: [String: [String]] = [:]
        var paths: [(literals: Int, path: String)] = []
        for function in manifest.functions {
            for route in routes.routes(of: function.name) {
                if methods[route.path] == nil {
                    paths.append((route.path.split(separator: "/").filter { !$0.hasPrefix("{") }.count, route.path))
                }
                if methods[route.path, default: []].contains(route.method) == false {
                    methods[route.path, default: []].append(route.method)
                }
            }
        }
        var out = "    map $uri $agora_allow {\n        default \"\";\n"
        if mediaRoot != nil { out += "        \"~^/media/videos/.\" \"GET, HEAD\";\n" }
        for regex in staticPaths { out += "        \"~\(regex)\" \"GET, HEAD\";\n" }
        for (_, path) in paths.sorted(by: { $0.literals > $1.literals }) {
            out += "        \"~\(NginxConfig.regex(for: path))\" \"\(methods[path, default: []].joined(separator: ", "))\";\n"
        }
        return out + "    }\n"
    }
}
