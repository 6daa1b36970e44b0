import AgoraCore
import AgoraManifest

/// Why the runner cannot start: a bad manifest (exit code 2) or a system failure (exit code 1).
public enum RunnerError: Error, Sendable, CustomStringConvertible {
    case manifest(ManifestError)
    case system(SystemError)

    /// The one-line message `agora run` prints.
    public var description: String {
        switch self {
        case .manifest(let error): error.message
        case .system(let error): error.description
        }
    }

    /// The process exit code `agora run` uses for this error.
    public var exitCode: Int32 {
        switch self {
        case .manifest: 2
        case .system: 1
        }
    }
}
