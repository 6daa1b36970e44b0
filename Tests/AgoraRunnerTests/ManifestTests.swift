import AgoraCore
import Testing

@testable import AgoraRunner

@Suite struct ManifestTests {
    static func parse(_ text: String) throws(ManifestError) -> Manifest {
        try Manifest.parse(Array(text.utf8), source: "functions.json")
    }

    @Test func manifest_MergesDefaultsIntoEachFunction_SettingBySetting() throws {
        let manifest = try Self.parse("""
            {"defaults":{"pool":{"mode":"dynamic","max_workers":6,"max_spare":3,"request_timeout":5}},
             "functions":{"b":{"pool":{"mode":"static","max_workers":2}},"a":{"routes":[]}}}
            """)
        #expect(manifest.functions.map(\.name) == ["a", "b"])
        let a = manifest.functions[0].pool
        #expect(a.mode == .dynamic && a.maxWorkers == 6 && a.maxSpare == 3 && a.requestTimeout == 5)
        #expect(a.idleTimeout == 10 && a.slowRequest == 1)  // built-in defaults
        let b = manifest.functions[1].pool
        #expect(b.mode == .static && b.maxWorkers == 2 && b.requestTimeout == 5)
        #expect(b.initialWorkers == 2)
    }

    @Test func manifest_AcceptsFractionalSeconds() throws {
        let manifest = try Self.parse(#"{"functions":{"a":{"pool":{"request_timeout":0.5,"slow_request":0}}}}"#)
        #expect(manifest.functions[0].pool.requestTimeout == 0.5)
        #expect(manifest.functions[0].pool.slowRequest == 0)
    }

    @Test(arguments: [
        (#"{"functions":{"auth":{"pool":{"mode":"turbo"}}}}"#,
         #"functions.json: function "auth": pool.mode must be one of "static", "dynamic", "ondemand", got "turbo""#),
        (#"{"functions":{"auth":{"pool":{"max_workers":"four"}}}}"#,
         #"functions.json: function "auth": pool.max_workers must be an integer from 1 to 1024, got "four""#),
        (#"{"functions":{"auth":{"pool":{"max_workers":0}}}}"#,
         #"functions.json: function "auth": pool.max_workers must be an integer from 1 to 1024, got 0"#),
        (#"{"functions":{"auth":{"pool":{"idle_timeout":-1}}}}"#,
         #"functions.json: function "auth": pool.idle_timeout must be a number of seconds above 0, at most 86400, got -1"#),
        (#"{"functions":{"auth":{"pool":{"max_requests":1.5}}}}"#,
         #"functions.json: function "auth": pool.max_requests must be an integer from 0 to 2147483647, got 1.5"#),
        (#"{"defaults":{"pool":{"request_timeout":"30s"}},"functions":{"auth":{}}}"#,
         #"functions.json: defaults.pool.request_timeout must be a number of seconds above 0, at most 86400, got "30s""#),
        (#"{"functions":{"auth":{"pool":{"mode":"dynamic","max_workers":1}}}}"#,
         #"functions.json: function "auth": pool.max_spare (2) must not exceed max_workers (1)"#),
        (#"{"functions":{"auth":{"pool":{"min_spare":3,"max_spare":2}}}}"#,
         #"functions.json: function "auth": pool.min_spare (3) must not exceed max_spare (2)"#),
        (#"{"functions":{"auth":{"pool":{"start_workers":0}}}}"#,
         #"functions.json: function "auth": pool.start_workers (0) must be from min_spare (1) to max_workers (4)"#),
        (#"{"functions":{"auth":{"pool":[]}}}"#,
         #"functions.json: function "auth": pool must be an object, got array"#),
        (#"{"functions":{"auth":7}}"#, #"functions.json: function "auth": must be an object, got number"#),
        (#"{"functions":{"Auth":{}}}"#,
         #"functions.json: function "Auth": the name must match [a-z][a-z0-9_-]* (at most 48 characters)"#),
        (#"{"functions":{}}"#, #"functions.json: functions must be a non-empty object, got {}"#),
        (#"{"function":{}}"#, #"functions.json: functions is missing"#),
    ])
    func manifest_RejectsABadValue_WithOneLineNamingFunctionAndSetting(text: String, message: String) {
        #expect(throws: ManifestError(message)) { try Self.parse(text) }
    }

    @Test func manifest_RejectsInvalidJSON_WithItsPosition() {
        #expect {
            try Self.parse(#"{"functions":{"a":{}},}"#)
        } throws: { error in
            "\(error)".hasPrefix("functions.json: not valid JSON at byte 22: ")
        }
    }

    @Test func manifest_RejectsAnUnknownPoolSetting() {
        #expect {
            try Self.parse(#"{"functions":{"auth":{"pool":{"max_worker":3}}}}"#)
        } throws: { error in
            "\(error)".hasPrefix(#"functions.json: function "auth": pool.max_worker is not a pool setting"#)
        }
    }

    @Test func manifest_StaticPoolIgnoresSpareBounds() throws {
        let manifest = try Self.parse(#"{"functions":{"h":{"pool":{"mode":"static","max_workers":1}}}}"#)
        #expect(manifest.functions[0].pool.initialWorkers == 1)
    }

    @Test func only_KeepsNamedFunctions_AndRejectsUnknownOnes() throws {
        let manifest = try Self.parse(#"{"functions":{"a":{},"b":{},"c":{}}}"#)
        #expect(try manifest.only(["c", "a"]).functions.map(\.name) == ["a", "c"])
        #expect(try manifest.only([]).functions.count == 3)
        #expect(throws: ManifestError(#"--only: no function "z" in the manifest (known: a, b, c)"#)) {
            try manifest.only(["z"])
        }
    }

    @Test func load_ReportsAMissingFile() {
        #expect { try Manifest.load(path: "/nonexistent/functions.json") } throws: { error in
            "\(error)" == "/nonexistent/functions.json: open /nonexistent/functions.json: No such file or directory"
        }
    }

    @Test func projectManifest_IsValid() throws {
        let root = String(#filePath.split(separator: "/Tests/").first ?? "")
        let manifest = try Manifest.load(path: "/\(root.drop { $0 == "/" })/functions.json")
        #expect(manifest.functions.contains { $0.name == "health" })
    }
}
