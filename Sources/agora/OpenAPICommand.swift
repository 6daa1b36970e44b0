import AgoraCore
import AgoraManifest
import ArgumentParser

/// `agora openapi`: the OpenAPI 3.1 document of the functions of a manifest, merged from what
/// each executable says of its own routes (`agora-<function> openapi`), so the document is made
/// from the same declarations that route and validate requests.
struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi", abstract: "Print the OpenAPI document of the functions of functions.json.")

    @Option(help: "The functions manifest.") var functions = "functions.json"
    @Option(help: "Leave out the functions of this manifest (repeatable; the test-only ones).") var exclude: [String] = []
    @Option(help: "Folder of the agora-<function> binaries (default: $AGORA_BIN_DIR, else next to agora).")
    var binDir: String?

    func run() throws {
        var names = try Manifest.load(path: functions).functions.map(\.name)
        for path in exclude {
            let excluded = Set(try Manifest.load(path: path).functions.map(\.name))
            names.removeAll { excluded.contains($0) }
        }
        let folder = FunctionCatalog.binDirectory(binDir)
        var fragments: [JSON] = []
        for name in names {
            let executable = "\(folder)/agora-\(name)"
            guard Posix.isExecutable(executable) else { throw OpenAPIError("no executable \(executable) (build it first)") }
            let (status, output) = try Posix.run(executable, arguments: ["openapi"])
            guard status == 0, let fragment = try? JSON.parse(output) else {
                throw OpenAPIError("\(executable) openapi failed (status \(status))")
            }
            fragments.append(fragment)
        }
        print(try OpenAPIDocument.document(fragments).text)
    }
}

/// Why no document could be made.
struct OpenAPIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
