import AgoraDeploy
import ArgumentParser

/// `agora nginx-config`: prints the nginx configuration generated from functions.json.
struct NginxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nginx-config", abstract: "Print the nginx configuration generated from functions.json.")

    @Option(help: "The functions manifest.") var functions = "functions.json"
    @Option(help: "Address nginx listens on.") var listen = "127.0.0.1:8080"
    @Option(help: "Folder of the function sockets (the runner's --socket-dir).") var socketDir: String
    @Option(help: "Folder for nginx's pid, logs and temp files (writable by nginx workers).") var runtimeDir: String
    @Option(help: "Folder with openapi.json and the Swagger UI page, served at /api/.") var docsDir: String?
    @Option(help: "nginx worker processes.") var workers = 2
    @Option(help: "Unprivileged user for nginx workers when started as root.") var user: String?

    func run() throws {
        let manifest = try RouteManifest.load(functions)
        let problems = manifest.conflicts()
        guard problems.isEmpty else { throw CLIError(problems.joined(separator: "\n")) }
        var config = NginxConfig(manifest: manifest, listen: listen, socketDir: socketDir, runtimeDir: runtimeDir,
                                 workerProcesses: workers)
        config.user = user
        if let docsDir { config.extraLocations.append(contentsOf: DocsLocations.render(docsDir: docsDir, config: config)) }
        print(config.render(), terminator: "")
    }
}

/// Static locations for the OpenAPI document and Swagger UI.
enum DocsLocations {
    static func render(docsDir: String, config: NginxConfig) -> [String] {
        [
            """
                    location = /api/openapi.json {
            \(config.headerLines(indent: 12))
                        default_type "application/json; charset=utf-8";
                        alias \(docsDir)/openapi.json;
                    }

            """,
        ]
    }
}
