import AgoraCore
import AgoraManifest

extension RouteTable {
    /// Asks every function of the manifest for its routes: runs `<binDirectory>/agora-<name> routes`.
    /// - Throws: one line naming the function whose binary is missing, fails, or prints no table.
    public static func gather(_ manifest: Manifest, binDirectory: String) throws(RouteTableError) -> RouteTable {
        var routes: [String: [FunctionRoute]] = [:]
        for function in manifest.functions {
            routes[function.name] = try declaredRoutes(of: function.name, binDirectory: binDirectory)
        }
        return RouteTable(routes)
    }

    /// The routes one function's binary declares.
    public static func declaredRoutes(of function: String, binDirectory: String) throws(RouteTableError) -> [FunctionRoute] {
        let binary = "\(binDirectory)/agora-\(function)"
        guard Posix.isExecutable(binary) else {
            throw RouteTableError("function \"\(function)\": no executable \(binary) (build it, or point --bin-dir "
                + "or AGORA_BIN_DIR at the folder of the agora binaries)")
        }
        let result: (status: Int32, output: [UInt8])
        do {
            result = try Posix.run(binary, arguments: ["routes"])
        } catch {
            throw RouteTableError("function \"\(function)\": \(error)")
        }
        guard result.status == 0 else {
            throw RouteTableError("function \"\(function)\": `\(binary) routes` exited with status \(result.status)")
        }
        return try parseDeclared(result.output, function: function)
    }

    /// What `agora-<function> routes` prints: a JSON array of objects with `method` and `path`
    /// strings, `stream` (a channel prefix) for a real-time route and `"body": "file"` for uploads;
    /// other keys are left for other readers.
    public static func parseDeclared(_ bytes: [UInt8], function: String) throws(RouteTableError) -> [FunctionRoute] {
        let context = "function \"\(function)\": `agora-\(function) routes`"
        let document: JSON
        do { document = try JSON.parse(bytes) } catch {
            throw RouteTableError("\(context) printed no JSON (byte \(error.offset): \(error.reason))")
        }
        guard let entries = document.arrayValue else {
            throw RouteTableError("\(context) printed \(document.typeName), not an array of routes")
        }
        var routes: [FunctionRoute] = []
        for (index, entry) in entries.enumerated() {
            guard let method = entry["method"]?.stringValue, let path = entry["path"]?.stringValue else {
                throw RouteTableError("\(context): route \(index) has no method or path string")
            }
            let stream = entry["stream"]?.stringValue
            if let stream, stream.isEmpty || !stream.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                throw RouteTableError("\(context): route \(index) has a stream channel that is not a word")
            }
            routes.append(FunctionRoute(method: method, path: path, stream: stream,
                                        bodyInFile: entry["body"]?.stringValue == "file",
                                        requiresAuth: entry["auth"]?.stringValue == "required"))
        }
        return routes
    }
}
