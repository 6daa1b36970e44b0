import AgoraCore

/// `functions.json`, parsed and validated: every function with `defaults.pool` merged into its
/// pool, and the HTTP settings nginx applies. The one reader of the file (the runner, the nginx
/// generator and the checks all use it); every problem is one line naming the function and the
/// setting. Routes are not here: each function declares its own (`agora-<function> routes`).
public struct Manifest: Sendable, Equatable {
    /// Every function, sorted by name.
    public let functions: [FunctionSpec]
    /// The `http` settings (rate limit, CORS origins, body limit, FastCGI keep-alive).
    public let http: HTTPSettings

    /// A manifest of already validated functions and settings.
    public init(functions: [FunctionSpec], http: HTTPSettings = HTTPSettings()) {
        self.functions = functions.sorted { $0.name < $1.name }
        self.http = http
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
        try requireKnownKeys(root, known: ["defaults", "functions", "http"], context: source, what: "a top-level key")
        var defaults = PoolConfig()
        var defaultUser: String?
        if let value = root["defaults"] {
            guard let object = value.objectValue else {
                throw ManifestError("\(source): defaults must be an object, got \(value.typeName)")
            }
            try requireKnownKeys(object, known: ["pool", "user"], context: "\(source): defaults", what: "a defaults section")
            defaultUser = try user(object["user"], context: "\(source): defaults.user")
            if let pool = object["pool"] {
                defaults = try PoolSettings.apply(pool, to: defaults, context: "\(source): defaults.pool")
            }
        }
        var http = HTTPSettings()
        if let value = root["http"] {
            http = try HTTPSettings.apply(value, to: http, context: "\(source): http")
        }
        guard let listed = root["functions"] else { throw ManifestError("\(source): functions is missing") }
        guard let functions = listed.objectValue, !functions.isEmpty else {
            throw ManifestError("\(source): functions must be a non-empty object, got \(listed.text.prefix(40))")
        }
        var specs: [FunctionSpec] = []
        for (name, value) in functions.sorted(by: { $0.key < $1.key }) {
            specs.append(try function(name: name, value: value, defaults: defaults, defaultUser: defaultUser, source: source))
        }
        return Manifest(functions: specs, http: http)
    }

    static func function(name: String, value: JSON, defaults: PoolConfig, defaultUser: String? = nil,
                         source: String) throws(ManifestError) -> FunctionSpec {
        let context = "\(source): function \"\(name)\""
        guard isValidName(name) else {
            throw ManifestError("\(context): the name must match [a-z][a-z0-9_-]* (at most 48 characters)")
        }
        guard let object = value.objectValue else {
            throw ManifestError("\(context): must be an object, got \(value.typeName)")
        }
        if object["routes"] != nil {
            throw ManifestError("\(context): routes are not listed here: a function declares them in its code "
                + "(`agora routes` shows them)")
        }
        try requireKnownKeys(object, known: ["description", "pool", "user"], context: context, what: "a function setting")
        var description = ""
        if let value = object["description"] {
            guard let text = value.stringValue else {
                throw ManifestError("\(context): description must be a string, got \(value.typeName)")
            }
            description = text
        }
        var pool = defaults
        if let settings = object["pool"] {
            pool = try PoolSettings.apply(settings, to: defaults, context: "\(context): pool")
        }
        try PoolSettings.validateRelations(pool, context: "\(context): pool")
        let runAs = try user(object["user"], context: "\(context): user") ?? defaultUser
        return FunctionSpec(name: name, description: description, pool: pool, user: runAs)
    }

    /// A system user name for workers (`user`): never root, whose workers would hold every privilege.
    static func user(_ value: JSON?, context: String) throws(ManifestError) -> String? {
        guard let value else { return nil }
        guard let name = value.stringValue, isValidUserName(name) else {
            throw ManifestError("\(context): must be a system user name ([a-z_][a-z0-9_-]*, at most 32 characters), got \(value.text.prefix(40))")
        }
        guard name != "root" else { throw ManifestError("\(context): workers never run as root") }
        return name
    }

    static func isValidUserName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 32, first == UInt8(ascii: "_") || (97...122).contains(first) else { return false }
        return bytes.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// Unknown keys are errors: a typo must not silently fall back to a default.
    static func requireKnownKeys(_ object: [String: JSON], known: [String], context: String, what: String) throws(ManifestError) {
        for key in object.keys.sorted() where !known.contains(key) {
            throw ManifestError("\(context): \(key) is not \(what) (known: \(known.joined(separator: ", ")))")
        }
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

    /// The function of this name, if the manifest has it.
    public func function(named name: String) -> FunctionSpec? {
        functions.first { $0.name == name }
    }

    /// Keeps only the named functions (`agora run --only`); an unknown name is an error.
    public func only(_ names: [String]) throws(ManifestError) -> Manifest {
        guard !names.isEmpty else { return self }
        let known = Set(functions.map(\.name))
        for name in names where !known.contains(name) {
            throw ManifestError("--only: no function \"\(name)\" in the manifest (known: \(known.sorted().joined(separator: ", ")))")
        }
        return Manifest(functions: functions.filter { names.contains($0.name) }, http: http)
    }
}
