import AgoraCore
import Glibc
public import Logging

/// A swift-log handler writing one JSON object per line:
/// `{"level":"info","logger":"agora.runner","msg":"...","ts":"...", <metadata>}`.
public struct JSONLogHandler: LogHandler {
    /// Metadata added to every line of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Contextual metadata, merged under the handler's own.
    public var metadataProvider: Logger.MetadataProvider?
    /// Lines below this level are not written.
    public var logLevel: Logger.Level
    private let label: String
    private let sink: LogSink

    /// A handler for `label` writing to `sink`, at `level` (by default `LOG_LEVEL`, else info).
    public init(label: String, sink: LogSink = LogSink(), level: Logger.Level = JSONLogHandler.environmentLevel()) {
        self.label = label
        self.sink = sink
        self.logLevel = level
    }

    /// One metadata entry of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the event as one JSON line.
    public func log(event: LogEvent) {
        var fields: [String: JSON] = [:]
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        for (key, value) in merged { fields[key] = Self.json(value) }
        fields["ts"] = .string(LogSink.timestamp())
        fields["level"] = .string(event.level.rawValue)
        fields["logger"] = .string(label)
        fields["msg"] = .string(event.message.description)
        if let error = event.error { fields["error"] = .string(String(describing: error)) }
        sink.write(.object(fields))
    }

    /// `LOG_LEVEL` (trace, debug, info, notice, warning, error, critical), or info.
    public static func environmentLevel() -> Logger.Level {
        guard let raw = getenv("LOG_LEVEL") else { return .info }
        return Logger.Level(rawValue: String(cString: raw).lowercased()) ?? .info
    }

    /// Numbers and booleans passed as `.stringConvertible` stay numbers in the JSON.
    static func json(_ value: Logger.Metadata.Value) -> JSON {
        switch value {
        case .string(let text): return .string(text)
        case .stringConvertible(let item):
            switch item {
            case let number as Int: return .int(Int64(number))
            case let number as Int32: return .int(Int64(number))
            case let number as Int64: return .int(number)
            case let number as Double: return .double(number)
            case let flag as Bool: return .bool(flag)
            default: return .string(item.description)
            }
        case .array(let items): return .array(items.map(json))
        case .dictionary(let members): return .object(members.mapValues(json))
        }
    }

    /// Installs this handler for every logger of the process, once, at `level` (a `LOG_LEVEL`).
    public static func bootstrap(level: String, sink: LogSink = LogSink()) {
        let parsed = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, sink: sink, level: parsed) }
    }
}
