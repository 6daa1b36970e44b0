import AgoraCore
import AgoraDeploy
import ArgumentParser

/// `agora routes`: every function's routes, asked of the function binaries themselves.
struct RoutesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes",
        abstract: "List the routes of every function of functions.json (each binary declares its own).",
        discussion: "Runs <bin-dir>/agora-<function> routes for each function; fails when two functions "
            + "claim a path or a template is malformed.")

    @Option(help: "The functions manifest.") var functions = "functions.json"
    @Option(help: "Folder of the agora-<function> binaries (default: $AGORA_BIN_DIR, else next to agora).")
    var binDir: String?
    @Flag(help: #"Print {"<function>": [{"method", "path"}, ...]} as JSON."#) var json = false

    func run() throws {
        let (_, table) = try FunctionCatalog.load(manifest: functions, binDirectory: binDir)
        let problems = table.conflicts()
        guard problems.isEmpty else { throw RouteTableError(problems: problems) }
        if json {
            print(table.json.text)
            return
        }
        let rows = table.functions.flatMap { function in table.routes(of: function).map { (function, $0) } }
        let nameWidth = rows.map(\.0.count).max() ?? 0
        let methodWidth = rows.map(\.1.method.count).max() ?? 0
        for (function, route) in rows {
            print(pad(function, nameWidth) + "  " + pad(route.method, methodWidth) + "  " + route.path)
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
