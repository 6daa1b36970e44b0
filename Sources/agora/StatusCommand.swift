import AgoraCore
import AgoraRunner
import ArgumentParser

/// `agora status`: what the runner reports on its own socket, as a table or JSON.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the runner's pools and workers (from <socket-dir>/runner.sock)."
    )

    @Option(name: .customLong("socket-dir"), help: "The runner's socket directory.")
    var socketDir: String

    @Flag(name: .long, help: "Print the status document as JSON.")
    var json = false

    func run() throws {
        let path = "\(socketDir)/runner.sock"
        do {
            let status = try StatusClient.fetch(socketPath: path)
            print(json ? status.text : StatusTable.render(status), terminator: json ? "\n" : "")
        } catch {
            RunCommand.printError("agora status: cannot read the runner's status: \(error.description)")
            throw ExitCode(1)
        }
    }
}
