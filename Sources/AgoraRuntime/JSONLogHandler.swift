import AgoraCore
import AgoraPostgres
public import Logging

#if canImport(Glibc)
import Glibc
#endif

/// swift-log handler writing one JSON object per line to stderr: `ts`, `level`, `msg`, the
/// label as `logger`, then metadata. Callers never put tokens, passwords or bodies in metadata.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: JSON] = [
            "ts": .string(Timestamp.now().rfc3339),
            "level": .string(event.level.rawValue),
            "msg": .string(event.message.description),
            "logger": .string(label),
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = JSONLogHandler.json(value)
        }
        var line = JSON.object(object).serialized()
        line.append(0x0A)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    static func json(_ value: Logger.Metadata.Value) -> JSON {
        switch value {
        case .string(let text):
            if let number = Int64(text), String(number) == text { return .int(number) }
            return .string(text)
        case .stringConvertible(let convertible):
            let text = convertible.description
            if let number = Int64(text) { return .int(number) }
            if let number = Double(text), number.isFinite { return .double(number) }
            if text == "true" || text == "false" { return .bool(text == "true") }
            return .string(text)
        case .array(let items): return .array(items.map(json))
        case .dictionary(let members): return .object(members.mapValues(json))
        }
    }

    /// Installs this handler for every logger of the process, once.
    public static func bootstrap(level: String) {
        let parsed = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: parsed) }
    }
}
