import AgoraCore
import Testing

@testable import AgoraManifest

@Suite struct ManifestTests {
    static func parse(_ text: String) throws(ManifestError) -> Manifest {
        try Manifest.parse(Array(text.utf8), source: "functions.json")
    }

    @Test func manifest_MergesDefaultsIntoEachFunction_SettingBySetting() throws {
        let manifest = try Self.parse("""
            {"defaults":{"pool":{"mode":"dynamic","max_workers":6,"max_spare":3,"request_timeout":5}},
             "functions":{"b":{"pool":{"mode":"static","max_workers":2}},"a":{}}}
            """)
        #expect(manifest.functions.map(\.name) == ["a", "b"])
        let a = manifest.functions[0].pool
        #expect(a.mode == .dynamic && a.maxWorkers == 6 && a.maxSpare == 3 && a.requestTimeout == 5)
        #expect(a.idleTimeout == 10 && a.slowRequest == 1)  // built-in defaults
        let b = manifest.functions[1].pool
        #expect(b.mode == .static && b.maxWorkers == 2 && b.requestTimeout == 5)
        #expect(b.initialWorkers == 2)
    }

    @Test func manifest_GivesEachFunctionItsWorkersUser_DefaultThenOwn() throws {
        let manifest = try Self.parse("""
            {"defaults":{"user":"agora"},"functions":{"a":{},"videos":{"user":"www-data"}}}
            """)
        #expect(manifest.functions.map(\.user) == ["agora", "www-data"])
        #expect(try Self.parse(#"{"functions":{"a":{}}}"#).functions[0].user == nil)
    }

    @Test(arguments: [#""root""#, #""Agora""#, "7", #""a b""#, #""""#, #""0agora""#])
    func manifest_RefusesRootOrAMalformedUser(_ value: String) {
        #expect(throws: ManifestError.self) { try Self.parse(#"{"functions":{"a":{"user":\#(value)}}}"#) }
        #expect(throws: ManifestError.self) { try Self.parse(#"{"defaults":{"user":\#(value)},"functions":{"a":{}}}"#) }
    }

    @Test func manifest_ReadsDescriptionsAndHTTPSettings() throws {
        let manifest = try Self.parse("""
            {"http":{"rate_limit":{"requests_per_second":50,"burst":0},"cors_origins":["https://app.example.com",
             "http://127.0.0.1:3000"],"json_body_limit":"512k","fastcgi_keepalive":2},
             "functions":{"a":{"description":"The a function"}}}
            """)
        #expect(manifest.function(named: "a")?.description == "The a function")
        #expect(manifest.function(named: "b") == nil)
        #expect(manifest.http.rateLimitPerSecond == 50 && manifest.http.rateLimitBurst == 0)
        #expect(manifest.http.corsOrigins == ["https://app.example.com", "http://127.0.0.1:3000"])
        #expect(manifest.http.jsonBodyLimit == "512k" && manifest.http.fastcgiKeepalive == 2)
    }

    @Test func manifest_ReadsARedisURL_ForRealTimeChannels() throws {
        #expect(try Self.parse(#"{"http":{"redis_url":"redis://10.0.0.5:6379/2"},"functions":{"a":{}}}"#).http.redisURL
            == "redis://10.0.0.5:6379/2")
        #expect(try Self.parse(#"{"http":{"redis_url":null},"functions":{"a":{}}}"#).http.redisURL == nil)
        #expect(try Self.parse(#"{"functions":{"a":{}}}"#).http.redisURL == nil)
    }

    @Test func manifest_UsesHTTPDefaults_WhenHTTPIsLeftOut() throws {
        let http = try Self.parse(#"{"functions":{"a":{}}}"#).http
        #expect(http == HTTPSettings())
        #expect(http.rateLimitPerSecond == 200 && http.rateLimitBurst == 400 && http.corsOrigins.isEmpty)
        #expect(http.jsonBodyLimit == "1m" && http.fastcgiKeepalive == 0)
    }

    @Test(arguments: ["https://a.example", "http://localhost:8080", "https://x-y.example.org:443"])
    func origin_IsAccepted(origin: String) {
        #expect(HTTPSettings.isOrigin(origin))
    }

    @Test(arguments: ["a.example", "https://", "https://a.example/", "https://a\".example", "ftp://a.example",
                      "https://a.example:0", "https://a.example:99999", "https://a.example:80x", "*"])
    func origin_IsRefused(origin: String) {
        #expect(!HTTPSettings.isOrigin(origin))
    }

    @Test(arguments: [("1m", true), ("512k", true), ("10", true), ("2G", true), ("0", false), ("1mb", false),
                      ("", false), ("m", false), ("01m", false), ("1;", false)])
    func size_FollowsNginxSyntax(text: String, valid: Bool) {
        #expect(HTTPSettings.isSize(text) == valid)
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
        (#"{"defaults":{}}"#, #"functions.json: functions is missing"#),
        (#"{"functions":{"a":{}},"version":2}"#,
         #"functions.json: version is not a top-level key (known: defaults, functions, http)"#),
        (#"{"defaults":{"pol":{}},"functions":{"a":{}}}"#,
         #"functions.json: defaults: pol is not a defaults section (known: pool, user)"#),
        (#"{"functions":{"auth":{"pools":{}}}}"#,
         #"functions.json: function "auth": pools is not a function setting (known: description, pool, user)"#),
        (#"{"functions":{"auth":{"routes":[{"method":"GET","path":"/api/auth/user/"}]}}}"#,
         #"functions.json: function "auth": routes are not listed here: a function declares them in its code (`agora routes` shows them)"#),
        (#"{"functions":{"auth":{"description":5}}}"#,
         #"functions.json: function "auth": description must be a string, got number"#),
        (#"{"http":{"rate_limit":{"requests_per_second":0}},"functions":{"a":{}}}"#,
         #"functions.json: http.rate_limit.requests_per_second must be an integer from 1 to 1000000, got 0"#),
        (#"{"http":{"rate_limit":{"burst":-1}},"functions":{"a":{}}}"#,
         #"functions.json: http.rate_limit.burst must be an integer from 0 to 1000000, got -1"#),
        (#"{"http":{"rate_limit":{"rate":5}},"functions":{"a":{}}}"#,
         #"functions.json: http.rate_limit.rate is not a rate limit setting (known: burst, requests_per_second)"#),
        (#"{"http":{"rate_limit":5},"functions":{"a":{}}}"#,
         #"functions.json: http.rate_limit must be an object, got number"#),
        (#"{"http":{"cors_origins":"https://a.example"},"functions":{"a":{}}}"#,
         #"functions.json: http.cors_origins must be an array of origins, got "https://a.example""#),
        (#"{"http":{"cors_origins":["https://a.example","https://b.example/app"]},"functions":{"a":{}}}"#,
         #"functions.json: http.cors_origins[1] must be an origin: http(s)://host[:port], without a path, got "https://b.example/app""#),
        (#"{"http":{"json_body_limit":"1 MB"},"functions":{"a":{}}}"#,
         #"functions.json: http.json_body_limit must be a size as nginx writes it: digits and an optional k, m or g ("1m"), got "1 MB""#),
        (#"{"http":{"fastcgi_keepalive":true},"functions":{"a":{}}}"#,
         #"functions.json: http.fastcgi_keepalive must be an integer from 0 to 1024, got true"#),
        (#"{"http":{"cors":[]},"functions":{"a":{}}}"#,
         #"functions.json: http.cors is not an http setting (known: cors_origins, fastcgi_keepalive, json_body_limit, metrics_allow, rate_limit, redis_url)"#),
        (#"{"http":{"metrics_allow":"127.0.0.1"},"functions":{"a":{}}}"#,
         #"functions.json: http.metrics_allow must be an array of addresses, got "127.0.0.1""#),
        (#"{"http":{"metrics_allow":["10.0.0.0/8","10.0.0.1; allow all"]},"functions":{"a":{}}}"#,
         #"functions.json: http.metrics_allow[1] must be an IPv4 or IPv6 address, optionally with a /prefix ("10.0.0.0/8"), got "10.0.0.1; allow all""#),
        (#"{"http":{"metrics_allow":["10.0.0.0/33"]},"functions":{"a":{}}}"#,
         #"functions.json: http.metrics_allow[0] must be an IPv4 or IPv6 address, optionally with a /prefix ("10.0.0.0/8"), got "10.0.0.0/33""#),
        (#"{"http":{"metrics_allow":["all"]},"functions":{"a":{}}}"#,
         #"functions.json: http.metrics_allow[0] must be an IPv4 or IPv6 address, optionally with a /prefix ("10.0.0.0/8"), got "all""#),
        (#"{"http":{"redis_url":"redis://user:pw@host:6379"},"functions":{"a":{}}}"#,
         #"functions.json: http.redis_url must be redis://host:port or redis://host:port/db (or null), got "redis://user:pw@host:6379""#),
        (#"{"http":{"redis_url":"redis://host"},"functions":{"a":{}}}"#,
         #"functions.json: http.redis_url must be redis://host:port or redis://host:port/db (or null), got "redis://host""#),
        (#"{"http":{"redis_url":"redis://h;x:1/0"},"functions":{"a":{}}}"#,
         #"functions.json: http.redis_url must be redis://host:port or redis://host:port/db (or null), got "redis://h;x:1/0""#),
        (#"{"http":[],"functions":{"a":{}}}"#, #"functions.json: http must be an object, got array"#),
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
