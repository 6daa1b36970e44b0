/// Configuration from the environment, read once at start (ARCHITECTURE.md "Configuration").
public struct Config: Sendable {
    public let databaseURL: String
    public let jwtSecret: [UInt8]
    public let publicBaseURL: String
    public let mediaRoot: String
    public let videoMaxBytes: Int64
    /// CLIENT_BODY_DIR: nginx's client-body directory, the only place a request-body file
    /// (uploads) is accepted from; nil refuses every such file.
    public let clientBodyDir: String?
    public let logLevel: String
    /// nginx's real-time publisher socket (`AGORA_PUBLISH_SOCKET`, set by the runner); nil when
    /// real-time delivery is off.
    public var publishSocket: String? = nil

    /// Reads and checks every value; the first problem is one line naming the variable.
    public static func fromEnvironment(_ environment: [String: String]) throws(ConfigError) -> Config {
        func required(_ name: String) throws(ConfigError) -> String {
            guard let value = environment[name], !value.isEmpty else { throw ConfigError.missing(name) }
            return value
        }
        let databaseURL = try required("DATABASE_URL")
        let secret = try required("JWT_SECRET")
        guard secret.utf8.count >= 32 else {
            throw ConfigError.invalid("JWT_SECRET", "must be at least 32 bytes")
        }
        let base = environment["PUBLIC_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:8080"
        let media = environment["MEDIA_ROOT"].flatMap { $0.isEmpty ? nil : $0 } ?? "/var/lib/agora/media"
        var maxBytes: Int64 = 1 << 30
        if let text = environment["VIDEO_MAX_BYTES"], !text.isEmpty {
            guard let value = Int64(text), value > 0 else {
                throw ConfigError.invalid("VIDEO_MAX_BYTES", "must be a positive integer")
            }
            maxBytes = value
        }
        let level = (environment["LOG_LEVEL"] ?? "info").lowercased()
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(level) else {
            throw ConfigError.invalid("LOG_LEVEL", "must be one of trace, debug, info, notice, warning, error, critical")
        }
        var config = Config(databaseURL: databaseURL, jwtSecret: Array(secret.utf8), publicBaseURL: base,
                            mediaRoot: media, videoMaxBytes: maxBytes,
                            clientBodyDir: environment["CLIENT_BODY_DIR"].flatMap { $0.isEmpty ? nil : $0 }, logLevel: level)
        config.publishSocket = environment["AGORA_PUBLISH_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        return config
    }
}

/// A configuration problem: stops the process at start with one clear line.
public enum ConfigError: Error, Equatable, CustomStringConvertible {
    case missing(String)
    case invalid(String, String)

    public var description: String {
        switch self {
        case .missing(let name): "missing required environment variable \(name)"
        case .invalid(let name, let why): "invalid environment variable \(name): \(why)"
        }
    }
}
