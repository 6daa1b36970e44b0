import AgoraCore

/// Reads `pool` objects of `functions.json` onto a `PoolConfig`, one setting at a time, so that
/// every error names the setting and the value.
enum PoolSettings {
    static let maxWorkersLimit = 1024
    static let maxSeconds: Double = 86_400

    /// Applies the settings present in `value` over `base`; unknown settings are errors (typos).
    static func apply(_ value: JSON, to base: PoolConfig, context: String) throws(ManifestError) -> PoolConfig {
        guard let object = value.objectValue else {
            throw ManifestError("\(context) must be an object, got \(value.typeName)")
        }
        var config = base
        for (key, setting) in object.sorted(by: { $0.key < $1.key }) {
            let reader = SettingReader(context: context, key: key, value: setting)
            switch key {
            case "mode":
                guard let text = setting.stringValue, let mode = PoolMode(rawValue: text) else {
                    throw reader.failure("must be one of \"static\", \"dynamic\", \"ondemand\"")
                }
                config.mode = mode
            case "max_workers": config.maxWorkers = try reader.integer(in: 1...maxWorkersLimit)
            case "start_workers": config.startWorkers = try reader.integer(in: 0...maxWorkersLimit)
            case "min_spare": config.minSpare = try reader.integer(in: 1...maxWorkersLimit)
            case "max_spare": config.maxSpare = try reader.integer(in: 1...maxWorkersLimit)
            case "idle_timeout": config.idleTimeout = try reader.seconds(allowZero: false)
            case "max_requests": config.maxRequests = try reader.integer(in: 0...Int(Int32.max))
            case "max_requests_jitter": config.maxRequestsJitter = try reader.integer(in: 0...Int(Int32.max))
            case "max_memory_mb": config.maxMemoryMB = try reader.integer(in: 0...1_048_576)
            case "request_timeout": config.requestTimeout = try reader.seconds(allowZero: false)
            case "slow_request": config.slowRequest = try reader.seconds(allowZero: true)
            default:
                throw ManifestError("\(context).\(key) is not a pool setting (known: mode, max_workers, start_workers, "
                    + "min_spare, max_spare, idle_timeout, max_requests, max_requests_jitter, max_memory_mb, "
                    + "request_timeout, slow_request)")
            }
        }
        return config
    }

    /// Checks the settings against each other once defaults and overrides are merged.
    static func validateRelations(_ config: PoolConfig, context: String) throws(ManifestError) {
        guard config.mode == .dynamic else { return }
        if config.minSpare > config.maxSpare {
            throw ManifestError("\(context).min_spare (\(config.minSpare)) must not exceed max_spare (\(config.maxSpare))")
        }
        if config.maxSpare > config.maxWorkers {
            throw ManifestError("\(context).max_spare (\(config.maxSpare)) must not exceed max_workers (\(config.maxWorkers))")
        }
        if config.startWorkers < config.minSpare || config.startWorkers > config.maxWorkers {
            throw ManifestError("\(context).start_workers (\(config.startWorkers)) must be from min_spare "
                + "(\(config.minSpare)) to max_workers (\(config.maxWorkers))")
        }
    }
}
