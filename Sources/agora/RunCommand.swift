import AgoraCore
import AgoraRunner
import ArgumentParser
import Glibc

/// `agora run`: the process manager, in the foreground, until SIGTERM or SIGINT; SIGHUP reloads.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every function's workers behind one unix socket each (foreground).",
        discussion: "SIGTERM/SIGINT stop gracefully, SIGHUP reloads functions.json without a gap."
    )

    @Option(name: .long, help: "The manifest.")
    var functions = "functions.json"

    @Option(name: .customLong("socket-dir"), help: "Where <function>.sock and runner.sock are created.")
    var socketDir: String

    @Option(name: .customLong("bin-dir"), help: "Where the agora-<function> binaries are (default: $AGORA_BIN_DIR, else next to agora).")
    var binDir: String?

    @Option(name: .long, help: "Comma-separated functions to run (default: all).")
    var only: String?

    @Option(name: .customLong("pid-file"), help: "Write the runner's pid here while it runs.")
    var pidFile: String?

    @Option(name: .long, help: "Seconds workers get to finish their request on stop before SIGKILL.")
    var grace: Double = 10

    @Option(name: .customLong("socket-group"),
            help: "nginx's group: function sockets 0660 and the socket folder 0750 for it; a root runner's workers run with it as their group.")
    var socketGroup: String?

    func run() throws {
        var options = RunnerOptions(
            manifestPath: functions, socketDirectory: socketDir, binDirectory: FunctionCatalog.binDirectory(binDir))
        options.only = (only ?? "").split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        options.grace = grace
        options.socketGroup = socketGroup
        let runner: Runner
        do {
            runner = try Runner(options: options)
        } catch {
            Self.printError("agora run: \(error.description)")
            throw ExitCode(error.exitCode)
        }
        runner.control.installSignalHandlers()
        if let pidFile {
            let fd = open(pidFile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if fd >= 0 {
                let text = Array("\(getpid())\n".utf8)
                _ = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                close(fd)
            }
        }
        defer { if let pidFile { unlink(pidFile) } }
        runner.run()
    }

    static func printError(_ message: String) {
        let line = Array((message + "\n").utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
