import AgoraCore
import AgoraDeploy
import ArgumentParser

/// `agora event GET /api/blogs/1/`: prints a ready API Gateway v2 HTTP event for a route of
/// functions.json, to pipe into `agora-<function> invoke`.
struct EventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event", abstract: "Print an invocation event for a route of functions.json.")

    @Argument(help: "HTTP method.") var method: String
    @Argument(help: "Path, with ids filled in (/api/blogs/1/) and an optional ?query.") var path: String
    @Option(help: "The functions manifest.") var functions = "functions.json"
    @Option(help: "A JSON body.") var body: String?
    @Option(help: "A bearer token for the Authorization header.") var token: String?

    func run() throws {
        let manifest = try RouteManifest.load(functions)
        let parts = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = String(parts[0])
        guard let function = manifest.function(serving: rawPath) else {
            throw ValidationError("no function in \(functions) serves \(rawPath)")
        }
        var headers: [String: JSON] = ["accept": "application/json"]
        if body != nil { headers["content-type"] = .string(Response.jsonContentType) }
        if let token { headers["authorization"] = .string("Bearer \(token)") }
        let event: JSON = [
            "version": "2.0",
            "routeKey": .string("\(method.uppercased()) \(rawPath)"),
            "rawPath": .string(rawPath),
            "rawQueryString": .string(parts.count > 1 ? String(parts[1]) : ""),
            "headers": .object(headers),
            "requestContext": ["http": ["method": .string(method.uppercased()), "path": .string(rawPath)],
                               "requestId": .string(RequestID.generate()), "stage": "local",
                               "functionName": .string("agora-\(function)")],
            "body": body.map { .string($0) } ?? .null,
            "isBase64Encoded": false,
        ]
        print(event.text)
    }
}
