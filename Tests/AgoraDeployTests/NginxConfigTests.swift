import AgoraCore
import AgoraManifest
import Testing

@testable import AgoraDeploy

/// The generated nginx configuration: what nginx answers itself is in the API envelope, routes
/// map to their function's upstream, and the limits of functions.json are applied.
struct NginxConfigTests {
    static func projectManifest() throws -> Manifest {
        let root = String(#filePath.split(separator: "/Tests/").first ?? "")
        return try Manifest.load(path: "/\(root.drop { $0 == "/" })/functions.json")
    }

    /// One route per function of the manifest (the real ones are gathered in RouteGatheringTests).
    static func routes(_ manifest: Manifest) -> RouteTable {
        RouteTable(Dictionary(uniqueKeysWithValues: manifest.functions.map { function in
            (function.name, [FunctionRoute(method: "GET", path: "/api/\(function.name)/")])
        }))
    }

    static func config(_ manifest: Manifest? = nil) throws -> NginxConfig {
        let manifest = try manifest ?? projectManifest()
        return try NginxConfig(manifest: manifest, routes: routes(manifest), listen: "127.0.0.1:9999",
                               socketDir: "/run/agora/sockets", runtimeDir: "/run/agora", workerProcesses: 2)
    }

    @Test(arguments: [(404, "not_found"), (413, "payload_too_large"), (429, "rate_limited"),
                      (502, "service_unavailable"), (504, "gateway_timeout")])
    func render_AnswersItsOwnErrorsInTheEnvelope(status: Int, code: String) throws {
        let text = try Self.config().render()
        #expect(text.contains("error_page \(status) @error_\(status);"))
        let block = try #require(text.split(separator: "location @error_\(status) {").last)
        let body = String(block.prefix(900))
        #expect(body.contains(#"{"error":{"code":"\#(code)""#))
        #expect(body.contains(#""request_id":"$agora_request_id","status":\#(status)}}"#))
    }

    /// Errors raised before the request has a URI go to internal URIs; nginx's 494 becomes 431.
    @Test(arguments: [(400, "", 400, "validation_failed"), (414, "", 414, "uri_too_long"),
                      (494, "=431 ", 431, "headers_too_large"), (501, "", 501, "not_implemented"),
                      (505, "", 505, "http_version_not_supported")])
    func render_AnswersProtocolErrors_InTheEnvelope_ThroughAnInternalURI(
        nginx: Int, change: String, status: Int, code: String
    ) throws {
        let text = try Self.config().render()
        #expect(text.contains("error_page \(nginx) \(change)/__agora_error_\(nginx);"))
        let block = String(try #require(text.split(separator: "location = /__agora_error_\(nginx) {").last).prefix(900))
        #expect(block.contains("internal;"))
        #expect(block.contains("return \(status) '{\"error\":{\"code\":\"\(code)\""))
        #expect(block.contains(#""request_id":"$agora_request_id","status":\#(status)}}"#))
    }

    @Test func render_SendsRetryAfter_WithRateLimitAndBadGateway() throws {
        let text = try Self.config().render()
        for status in [429, 502] {
            let block = String(try #require(text.split(separator: "location @error_\(status) {").last).prefix(900))
            #expect(block.contains("Retry-After"))
        }
    }

    /// nginx types a response by the URI's extension before `default_type`: without an empty
    /// `types`, a 404 for `/x.html` or a 405 on the docs page (`/index.html`) said `text/html`.
    @Test func render_TypesItsOwnErrorsAsJSON_WhateverTheURIsExtension() throws {
        let text = try Self.config().render()
        for status in [404, 405, 413, 502] {
            let block = try #require(text.split(separator: "location @error_\(status) {").last)
            let head = String(block.prefix(200))
            #expect(head.contains("types { }\n"), "\(status)")
            #expect(head.contains(#"default_type "application/json; charset=utf-8";"#))
        }
        let protocolError = try #require(text.split(separator: "location = /__agora_error_400 {").last)
        #expect(String(protocolError.prefix(200)).contains("types { }\n"))
    }

    /// A 405 nginx answers for a static path (the docs page, the document) says what it allows.
    @Test func render_AllowsGetAndHead_OnStaticPaths() throws {
        var config = try Self.config()
        config.staticPaths = ["^/api/docs(/|$)"]
        #expect(config.render().contains(#""~^/api/docs(/|$)" "GET, HEAD";"#))
    }

    @Test func render_CutsOffSlowClients_WellBeforeNginxsMinute() throws {
        let text = try Self.config().render()
        #expect(text.contains("client_header_timeout 10s;"))
        #expect(text.contains("client_body_timeout 10s;"))
    }

    @Test func render_RoutesEachPathToItsFunction_WithoutKeepingConnections() throws {
        let text = try Self.config().render()
        #expect(text.contains("upstream agora_health {\n        server unix:/run/agora/sockets/health.sock;"))
        #expect(text.contains("location ~ ^/api/health/?$ {"))
        #expect(text.contains("fastcgi_pass agora_health;"))
        #expect(text.contains("fastcgi_keep_conn off;"))
        #expect(text.contains("fastcgi_param REQUEST_ID $agora_request_id;"))
        #expect(text.contains("limit_req zone=agora_api"))
        #expect(text.contains("add_header X-Content-Type-Options \"nosniff\" always;"))
        #expect(!text.contains("Access-Control-Allow-Origin"))  // no CORS origins by default
    }

    @Test func render_AppliesTheHTTPSettingsOfTheManifest() throws {
        let manifest = try Manifest.parse(Array("""
            {"http":{"rate_limit":{"requests_per_second":7,"burst":9},"cors_origins":["https://app.example.com"],
             "json_body_limit":"512k","fastcgi_keepalive":2},"functions":{"health":{}}}
            """.utf8))
        let text = try Self.config(manifest).render()
        #expect(text.contains("rate=7r/s;") && text.contains("limit_req zone=agora_api burst=9 nodelay;"))
        #expect(text.contains("client_max_body_size 512k;"))
        #expect(text.contains("\"https://app.example.com\" $http_origin;"))
        #expect(text.contains("add_header Access-Control-Allow-Origin $agora_cors_origin always;"))
        #expect(text.contains("keepalive 2;") && text.contains("fastcgi_keep_conn on;"))
    }

    @Test func render_ServesMetrics_ToTheAllowedAddressesOnly_OthersGetThe404Envelope() throws {
        var text = try Self.config().render()
        let metrics = try #require(text.firstRange(of: "location = /metrics {").map { String(text[$0.lowerBound...].prefix(1200)) })
        #expect(metrics.contains("allow 127.0.0.1;\n") && metrics.contains("allow ::1;\n") && metrics.contains("deny all;"))
        #expect(metrics.contains("error_page 403 =404 @error_404;") && metrics.contains("limit_except GET { deny all; }"))
        #expect(metrics.contains("proxy_pass http://unix:/run/agora/sockets/metrics.sock:/metrics;"))
        let manifest = try Manifest.parse(Array(#"{"http":{"metrics_allow":["10.1.0.0/16","fd00::/8"]},"functions":{"health":{}}}"#.utf8))
        text = try Self.config(manifest).render()
        #expect(text.contains("allow 10.1.0.0/16;") && text.contains("allow fd00::/8;") && !text.contains("allow 127.0.0.1;"))
    }

    @Test(arguments: [(30.0, "30s"), (2.5, "2500ms"), (0.0015, "2ms")])
    func render_TimesOutEachFunctionAtItsRequestTimeout(seconds: Double, written: String) throws {
        let manifest = try Manifest.parse(Array(#"{"functions":{"health":{"pool":{"request_timeout":\#(seconds)}}}}"#.utf8))
        #expect(try Self.config(manifest).render().contains("fastcgi_read_timeout \(written);"))
    }

    @Test func init_Fails_WhenAFunctionsRoutesWereNotGathered() throws {
        let manifest = try Self.projectManifest()
        #expect(throws: RouteTableError("function \"auth\": its routes were not gathered")) {
            try NginxConfig(manifest: manifest, routes: RouteTable([:]), listen: "127.0.0.1:1", socketDir: "/s",
                            runtimeDir: "/r", workerProcesses: 1)
        }
    }

    @Test func regex_MatchesTheTemplateWithOptionalTrailingSlash() {
        #expect(NginxConfig.regex(for: "/api/forums/{forum_id}/threads/{id}/") == "^/api/forums/[^/]+/threads/[^/]+/?$")
    }

    // MARK: Real-time routes

    static func streamConfig(redis: String? = nil) throws -> NginxConfig {
        let http = redis.map { #","http":{"redis_url":"\#($0)"}"# } ?? ""
        let manifest = try Manifest.parse(Array(#"{"functions":{"chats":{}}\#(http)}"#.utf8))
        let routes = RouteTable(["chats": [FunctionRoute(method: "POST", path: "/api/chats/{id}/stream-token/"),
                                           FunctionRoute(method: "GET", path: "/api/chats/{id}/stream/", stream: "chat")]])
        return try NginxConfig(manifest: manifest, routes: routes, listen: "127.0.0.1:9999",
                               socketDir: "/run/agora/sockets", runtimeDir: "/run/agora", workerProcesses: 1)
    }

    @Test func render_SendsSubscribersToTheFunction_WhichRedirectsToNchan() throws {
        let text = try Self.streamConfig().render()
        #expect(text.hasPrefix("load_module /usr/lib/nginx/modules/ngx_nchan_module.so;\n"))
        // The public location: the function checks each new subscriber (405 and 400 before it).
        let after = try #require(text.split(separator: #"location ~ "^/api/chats/(?<agora_stream_id>[1-9][0-9]{0,18})/stream/?$" {"#).last)
        let block = String(try #require(after.split(separator: "\n        }\n").first))
        #expect(block.contains("return 405;"))
        #expect(block.contains("rewrite ^ /__agora_not_a_subscriber last;"))
        #expect(block.contains("fastcgi_pass agora_chats;"))
        #expect(!block.contains("nchan_subscriber"))
        // The internal subscriber location the function redirects to: two channels, new events only.
        let subscriber = String(try #require(text.split(separator: "location ~ ^/__agora_stream/").last).prefix(1400))
        #expect(subscriber.contains("internal;"))
        #expect(subscriber.contains("nchan_subscriber websocket eventsource;"))
        #expect(subscriber.contains("nchan_subscriber_first_message newest;"))
        #expect(subscriber.contains("nchan_channel_id $agora_channel_a $agora_channel_b;"))
        #expect(text.contains(#""~*^websocket\|[^|]*upgrade" 1;"#), "a WebSocket upgrade needs Connection: upgrade")
        // Events come in on a unix socket next to the function sockets, never on the API's port.
        let publisher = String(try #require(text.split(separator: "listen unix:/run/agora/sockets/publish.sock;").last).prefix(600))
        #expect(publisher.contains("nchan_publisher http;"))
        #expect(!text.contains("nchan_redis"))
    }

    @Test func render_KeepsChannelsInRedis_WhenTheManifestNamesOne() throws {
        let text = try Self.streamConfig(redis: "redis://10.0.0.5:6379").render()
        #expect(text.contains("upstream agora_redis {\n        nchan_redis_server \"redis://10.0.0.5:6379\";"))
        #expect(text.split(separator: "nchan_redis_pass agora_redis;", omittingEmptySubsequences: false).count == 3,
                "publisher and subscriber")
    }

    @Test func render_LoadsNoNchan_WithoutStreamRoutes() throws {
        let text = try Self.config().render()
        #expect(!text.contains("nchan"))
        #expect(!text.contains("publish.sock"))
    }
}

/// Regex locations nest in a prefix location per path group; a path whose first two segments
/// are not both literal has no such prefix and stays at server level.
struct NginxLocationGroupTests {
    @Test(arguments: [("/api/blogs/{id}/", "/api/blogs"), ("/api/blogs/", "/api/blogs"),
                      ("/api/users/{id}/courses/", "/api/users"), ("/", nil), ("/api/", nil), ("/api/{kind}/", nil),
                      ("/{x}/y/", nil), ("/api/{kind}/export/", nil)] as [(String, String?)])
    func group_IsTheFirstTwoLiteralSegments(path: String, group: String?) {
        #expect(NginxConfig.group(of: path) == group)
    }
}
