import ArgumentParser

/// The `agora` command-line tool: runner, migrations, nginx configuration, events, users.
@main
struct AgoraCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agora",
        abstract: "Agora: run, migrate and inspect the platform's functions.",
        subcommands: [
            RunCommand.self, StatusCommand.self,
            RoutesCommand.self, NginxCommand.self, MigrateCommand.self, EventCommand.self,
            UsersCommand.self, OutboxCommand.self, OpenAPICommand.self, MediaCommand.self,
            IdempotencyCommand.self,
        ]
    )

    /// Usage errors and `--help` as ArgumentParser prints them; a failure of the command itself as
    /// one line, `agora: <what went wrong>` (see `CommandFailure`), with exit status 1.
    static func main() {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as CleanExit {
            exit(withError: error)
        } catch where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // `agora --help` parses into ArgumentParser's help command, whose run throws its own
            // error: ArgumentParser prints the help (or a usage error) and picks the exit status.
            exit(withError: error)
        } catch {
            writeStderr("agora: \(CommandFailure(error))\n")
            exit(withError: ExitCode.failure)
        }
    }
}
