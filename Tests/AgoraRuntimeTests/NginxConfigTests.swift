import AgoraCore
import AgoraDeploy
import Testing

/// The generated nginx configuration: what nginx answers itself is in the API envelope, routes
/// map to their function's upstream, and the limits of functions.json are applied.
struct NginxConfigTests {
    static func config() throws -> NginxConfig {
        let manifest = try RouteManifest.load(RouteTableTests.manifestPath())
        return NginxConfig(manifest: manifest, listen: "127.0.0.1:9999", socketDir: "/run/agora/sockets",
                           runtimeDir: "/run/agora", workerProcesses: 2)
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

    @Test func render_AnswersARequestItCannotParse_InTheEnvelope_ThroughAnInternalURI() throws {
        let text = try Self.config().render()
        #expect(text.contains("error_page 400 /__agora_error_400;"))
        let block = String(try #require(text.split(separator: "location = /__agora_error_400 {").last).prefix(900))
        #expect(block.contains("internal;"))
        #expect(block.contains(#"{"error":{"code":"validation_failed""#))
        #expect(block.contains(#""request_id":"$agora_request_id","status":400}}"#))
    }

    @Test func render_SendsRetryAfter_WithRateLimitAndBadGateway() throws {
        let text = try Self.config().render()
        for status in [429, 502] {
            let block = String(try #require(text.split(separator: "location @error_\(status) {").last).prefix(900))
            #expect(block.contains("Retry-After"))
        }
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

    @Test func regex_MatchesTheTemplateWithOptionalTrailingSlash() {
        #expect(NginxConfig.regex(for: "/api/forums/{forum_id}/threads/{id}/") == "^/api/forums/[^/]+/threads/[^/]+/?$")
    }
}
