import AgoraCore
import AgoraDeploy
import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// `agora openapi`: the OpenAPI 3.1 document of the functions of a manifest, merged from what
/// each executable says of its own routes (`agora-<function> openapi`), so the document is made
/// from the same declarations that route and validate requests.
struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openapi", abstract: "Print the OpenAPI document of the functions of functions.json.")

    @Option(help: "The functions manifest.") var functions = "functions.json"
    @Option(help: "Leave out the functions of this manifest (repeatable; the test-only ones).") var exclude: [String] = []
    @Option(help: "The folder of the agora-<function> executables (default: this executable's).") var binDir: String?

    func run() throws {
        var names = try RouteManifest.load(functions).functions.map(\.name)
        for path in exclude {
            let excluded = Set(try RouteManifest.load(path).functions.map(\.name))
            names.removeAll { excluded.contains($0) }
        }
        let folder = binDir ?? FunctionExecutables.defaultFolder()
        var fragments: [JSON] = []
        for name in names {
            let output = try FunctionExecutables.output(folder: folder, function: name, arguments: ["openapi"])
            do {
                fragments.append(try JSON.parse(output))
            } catch {
                throw CLIError("agora-\(name) openapi did not print JSON")
            }
        }
        do {
            print(try OpenAPIDocument.document(fragments).text)
        } catch {
            throw CLIError("the functions' documents do not merge: \(error)")
        }
    }
}

/// The `agora-<function>` executables, asked for what they declare (`routes`, `openapi`).
enum FunctionExecutables {
    /// The folder of the running `agora` executable.
    static func defaultFolder() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "." }
        let path = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }

    /// What `folder/agora-<function> arguments...` prints on stdout; a failure is one line.
    static func output(folder: String, function: String, arguments: [String]) throws -> [UInt8] {
        let path = "\(folder)/agora-\(function)"
        guard access(path, X_OK) == 0 else { throw CLIError("no executable \(path) (build it first)") }
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { throw CLIError("pipe: errno \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(pipe[1])
        guard spawned == 0 else {
            close(pipe[0])
            throw CLIError("cannot run \(path): errno \(spawned)")
        }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(pipe[0], &chunk, chunk.count)
            if count > 0 { output += chunk[..<count] } else if count == 0 || errno != EINTR { break }
        }
        close(pipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else { throw CLIError("\(path) \(arguments.joined(separator: " ")) failed (status \(status))") }
        return output
    }
}
