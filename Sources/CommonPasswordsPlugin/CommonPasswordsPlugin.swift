import PackagePlugin

/// Turns the target's `common-passwords.txt` (one password a line) into a Swift source file that
/// holds the list as one string literal, at build time, so that the data stays data in the
/// repository and needs neither Foundation nor a resource bundle at run time.
@main
struct CommonPasswordsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        // `Target.directoryURL` needs tools version 6.1; the concrete target has it in 6.0.
        guard let target = target as? SwiftSourceModuleTarget else { return [] }
        let input = target.directoryURL.appending(path: "common-passwords.txt")
        let output = context.pluginWorkDirectoryURL.appending(path: "CommonPasswords+List.swift")
        return [
            .buildCommand(
                displayName: "Generating \(output.lastPathComponent) from \(input.lastPathComponent)",
                executable: try context.tool(named: "common-passwords-generator").url,
                arguments: [input.path(percentEncoded: false), output.path(percentEncoded: false)],
                inputFiles: [input],
                outputFiles: [output])
        ]
    }
}
