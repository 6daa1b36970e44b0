import AgoraCore
import AgoraDeploy
import ArgumentParser

/// `agora nginx-config`: prints the nginx configuration for the functions of functions.json and
/// the routes they declare.
struct NginxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nginx-config",
        abstract: "Print the nginx configuration for functions.json and the routes its functions declare.")

    @Option(help: "The functions manifest.") var functions = "functions.json"
    @Option(help: "Folder of the agora-<function> binaries (default: $AGORA_BIN_DIR, else next to agora).")
    var binDir: String?
    @Option(help: "Address nginx listens on.") var listen = "127.0.0.1:8080"
    @Option(help: "Folder of the function sockets (the runner's --socket-dir).") var socketDir: String
    @Option(help: "Folder for nginx's pid, logs and temp files (writable by nginx workers).") var runtimeDir: String
    @Option(help: "Folder with openapi.json and the Swagger UI page, served at /api/.") var docsDir: String?
    @Option(help: "A file of extra server-level directives to include (benchmarks' ceilings).") var extraConf: String?
    @Option(help: "nginx worker processes.") var workers = 2
    @Option(help: "Unprivileged user for nginx workers when started as root.") var user: String?
    @Option(help: "The socket nginx takes real-time events on (default: publish.sock in the socket folder).")
    var publishSocket: String?
    @Option(help: "Largest uploaded video in bytes (default: $VIDEO_MAX_BYTES, else 1 GiB).") var videoMaxBytes: Int64?
    @Option(help: "Folder whose videos/ nginx serves at /media/videos/ (default: $MEDIA_ROOT).") var mediaRoot: String?

    func run() throws {
        let (manifest, routes) = try FunctionCatalog.load(manifest: functions, binDirectory: binDir)
        var config = try NginxConfig(manifest: manifest, routes: routes, listen: listen, socketDir: socketDir,
                                     runtimeDir: runtimeDir, workerProcesses: workers)
        config.user = user
        if let publishSocket { config.publishSocket = publishSocket }
        let environment = Posix.environment()
        let maxBytes = videoMaxBytes ?? environment["VIDEO_MAX_BYTES"].flatMap { Int64($0) } ?? (1 << 30)
        config.uploadBodyLimit = NginxConfig.uploadLimit(videoMaxBytes: maxBytes)
        config.mediaRoot = mediaRoot ?? environment["MEDIA_ROOT"].flatMap { $0.isEmpty ? nil : $0 }
        if let docsDir {
            config.extraLocations.append(contentsOf: DocsLocations.render(docsDir: docsDir, config: config))
            config.staticPaths.append(contentsOf: DocsLocations.paths)
        }
        if let extraConf { config.extraLocations.append("        include \(extraConf);\n") }
        print(config.render(), terminator: "")
    }
}
