import AgoraCore

/// `functions.json`, parsed and validated, with `defaults.pool` merged into every function.
public struct Manifest: Sendable, Equatable {
    /// Every function, sorted by name.
    public let functions: [FunctionSpec]

    /// A manifest of already validated functions.
    public init(functions: [FunctionSpec]) {
        self.functions = functions.sorted { $0.name < $1.name }
    }

    /// Reads and validates a manifest file.
    public static func load(path: String) throws(ManifestError) -> Manifest {
        let bytes: [UInt8]
        do { bytes = try Posix.readFile(path) } catch { throw ManifestError("\(path): \(error)") }
        return try parse(bytes, source: path)
    }

    /// Parses and validates a manifest; `source` names the file in error messages.
    public static func parse(_ bytes: [UInt8], source: String = "functions.json") throws(ManifestError) -> Manifest {
        let document: JSON
        do { document = try JSON.parse(bytes) } catch {
            throw ManifestError("\(source): not valid JSON at byte \(error.offset): \(error.reason)")
        }
        guard let root = document.objectValue else {
            throw ManifestError("\(source): the top level must be an object, got \(document.typeName)")
        }
        var defaults = PoolConfig()
        if let value = root["defaults"] {
            guard let object = value.objectValue else {
                throw ManifestError("\(source): defaults must be an object, got \(value.typeName)")
            }
            if let pool = object["pool"] {
                defaults = try PoolSettings.apply(pool, to: defaults, context: "\(source): defaults.pool")
            }
        }
        guard let listed = root["functions"] else { throw ManifestError("\(source): functions is missing") }
        guard let functions = listed.objectValue, !functions.isEmpty else {
            throw ManifestError("\(source): functions must be a non-empty object, got \(listed.text.prefix(40))")
        }
        var specs: [FunctionSpec] = []
        for (name, value) in functions.sorted(by: { $0.key < $1.key }) {
            specs.append(try function(name: name, value: value, defaults: defaults, source: source))
        }
        return Manifest(functions: specs)
    }

    static func function(name: String, value: JSON, defaults: PoolConfig, source: String) throws(ManifestError) -> FunctionSpec {
        let context = "\(source): function \"\(name)\""
        guard isValidName(name) else {
            throw ManifestError("\(context): the name must match [a-z][a-z0-9_-]* (at most 48 characters)")
        }
        guard let object = value.objectValue else {
            throw ManifestError("\(context): must be an object, got \(value.typeName)")
        }
        var pool = defaults
        if let settings = object["pool"] {
            pool = try PoolSettings.apply(settings, to: defaults, context: "\(context): pool")
        }
        try PoolSettings.validateRelations(pool, context: "\(context): pool")
        return FunctionSpec(name: name, pool: pool)
    }

    /// Function names become file names and socket paths, so they are kept plain.
    static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), bytes.count <= 48 else {
            return false
        }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    /// Keeps only the named functions (`agora run --only`); an unknown name is an error.
    public func only(_ names: [String]) throws(ManifestError) -> Manifest {
        guard !names.isEmpty else { return self }
        let known = Set(functions.map(\.name))
        for name in names where !known.contains(name) {
            throw ManifestError("--only: no function \"\(name)\" in the manifest (known: \(known.sorted().joined(separator: ", ")))")
        }
        return Manifest(functions: functions.filter { names.contains($0.name) })
    }
}
