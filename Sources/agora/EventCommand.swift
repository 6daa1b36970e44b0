import AgoraCore
import AgoraDeploy
import ArgumentParser

/// `agora event GET /api/blogs/1/`: prints a ready API Gateway v2 HTTP event for a route that a
/// function of functions.json declares, to pipe into `agora-<function> invoke`.
struct EventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event", abstract: "Print an invocation event for a route of a function.")

    @Argument(help: "HTTP method.") var method: String
    @Argument(help: "Path, with ids filled in (/api/blogs/1/) and an optional ?query.") var path: String
    @Option(help: "The functions manifest.") var functions = "functions.json"
    @Option(help: "Folder of the agora-<function> binaries (default: $AGORA_BIN_DIR, else next to agora).")
    var binDir: String?
    @Option(help: "A JSON body.") var body: String?
    @Option(help: "A bearer token for the Authorization header.") var token: String?

    func run() throws {
        let (_, routes) = try FunctionCatalog.load(manifest: functions, binDirectory: binDir)
        let parts = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = String(parts[0])
        let requested = method.uppercased()
        let serving = routes.routes(serving: rawPath)
        guard let function = serving.first?.function else {
            throw ValidationError("no function of \(functions) serves \(rawPath)")
        }
        let methods = serving.map(\.route.method)
        // HEAD is answered wherever GET is (the router's rule).
        guard methods.contains(requested) || (requested == "HEAD" && methods.contains("GET")) else {
            throw ValidationError("\(function) does not serve \(requested) \(rawPath) (it serves \(methods.joined(separator: ", ")))")
        }
        var headers: [String: JSON] = ["accept": "application/json"]
        if body != nil { headers["content-type"] = .string(Response.jsonContentType) }
        if let token { headers["authorization"] = .string("Bearer \(token)") }
        let event: JSON = [
            "version": "2.0",
            "routeKey": .string("\(requested) \(rawPath)"),
            "rawPath": .string(rawPath),
            "rawQueryString": .string(parts.count > 1 ? String(parts[1]) : ""),
            "headers": .object(headers),
            "requestContext": ["http": ["method": .string(requested), "path": .string(rawPath)],
                               "requestId": .string(RequestID.generate()), "stage": "local",
                               "functionName": .string("agora-\(function)")],
            "body": body.map { .string($0) } ?? .null,
            "isBase64Encoded": false,
        ]
        print(event.text)
    }
}
