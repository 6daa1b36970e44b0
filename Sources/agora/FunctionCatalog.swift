import AgoraCore
import AgoraDeploy
import AgoraManifest

/// The manifest and the routes its functions declare, as `agora routes`, `agora event` and
/// `agora nginx-config` need them.
enum FunctionCatalog {
    /// Where the `agora-<function>` binaries are: `--bin-dir`, else `AGORA_BIN_DIR`, else the
    /// folder of this `agora` (they are built and installed side by side).
    static func binDirectory(_ option: String?) -> String {
        if let option, !option.isEmpty { return option }
        if let variable = Posix.environment()["AGORA_BIN_DIR"], !variable.isEmpty { return variable }
        return Posix.executableDirectory()
    }

    /// Loads the manifest and asks each of its functions for its routes.
    static func load(manifest path: String, binDirectory option: String?) throws -> (Manifest, RouteTable) {
        let manifest = try Manifest.load(path: path)
        return (manifest, try RouteTable.gather(manifest, binDirectory: binDirectory(option)))
    }
}
