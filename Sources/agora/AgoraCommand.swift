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
            UsersCommand.self, OutboxCommand.self,
        ]
    )
}
