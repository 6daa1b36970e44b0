import AgoraCore
import AgoraManifest
import Testing

@testable import AgoraDeploy

/// A route whose body comes as a file gets nginx's upload directives in its location, and only
/// that location; the media root is served read-only with the video types.
struct NginxUploadTests {
    static func config() throws -> NginxConfig {
        let manifest = try NginxConfigTests.projectManifest()
        var routes = NginxConfigTests.routes(manifest).routes
        routes["videos"] = [FunctionRoute(method: "GET", path: "/api/videos/"),
                            FunctionRoute(method: "POST", path: "/api/videos/", bodyInFile: true, requiresAuth: true),
                            FunctionRoute(method: "GET", path: "/api/videos/{id}/")]
        var config = try NginxConfig(manifest: manifest, routes: RouteTable(routes), listen: "127.0.0.1:9999",
                                     socketDir: "/run/agora/sockets", runtimeDir: "/run/agora", workerProcesses: 2)
        config.uploadBodyLimit = NginxConfig.uploadLimit(videoMaxBytes: 1000)
        config.mediaRoot = "/srv/media"
        return config
    }

    static func location(_ text: String, _ header: String) throws -> String {
        let block = try #require(text.split(separator: header, maxSplits: 1).last)
        // Up to the location's own closing brace, past nested blocks (`types { }`).
        var depth = 0
        return String(block.prefix { character in
            if character == "{" { depth += 1 }
            if character == "}" { depth -= 1 }
            return depth >= 0
        })
    }

    @Test func render_GatesAnUploadOnItsCallerBeforeNginxReadsTheBody() throws {
        let text = try Self.config().render()
        let upload = try Self.location(text, "location ~ ^/api/videos/?$ {")
        #expect(upload.contains("auth_request /__agora_gate_api_videos_;"))
        let gate = try Self.location(text, "location = /__agora_gate_api_videos_ {")
        #expect(gate.contains("internal;"))
        #expect(gate.contains("if ($request_method !~ ^(POST)$) { return 204; }"))
        #expect(gate.contains("fastcgi_param AGORA_AUTH_ONLY 1;"))
        #expect(gate.contains("fastcgi_pass_request_body off;"))
        #expect(gate.contains("client_max_body_size 0;"))
        #expect(gate.contains("fastcgi_param DOCUMENT_URI $agora_request_path;"))
        #expect(gate.contains("fastcgi_pass agora_videos;"))
        // Its 401 is the envelope; no other location is gated.
        #expect(text.contains("error_page 401 @error_401;"))
        #expect(text.split(separator: "auth_request ").count == 2)
    }

    @Test func render_GivesTheUploadLocationItsBodyFileDirectives() throws {
        let text = try Self.config().render()
        let upload = try Self.location(text, "location ~ ^/api/videos/?$ {")
        #expect(upload.contains("client_max_body_size \(1000 + NginxConfig.multipartOverhead);"))
        #expect(upload.contains("client_body_temp_path /run/agora/client_body;"))
        #expect(upload.contains("client_body_in_file_only clean;"))
        #expect(upload.contains("fastcgi_pass_request_body off;"))
        #expect(upload.contains("fastcgi_param REQUEST_BODY_FILE $request_body_file;"))
        let other = try Self.location(text, "location ~ ^/api/videos/[^/]+/?$ {")
        #expect(!other.contains("client_body_in_file_only") && !other.contains("REQUEST_BODY_FILE"))
    }

    @Test func render_ServesVideosFromTheMediaRoot_ReadOnly_WithTheirTypes() throws {
        let text = try Self.config().render()
        let media = try Self.location(text, "location ^~ /media/videos/ {")
        #expect(media.contains("alias /srv/media/videos/;"))
        #expect(media.contains("add_header X-Content-Type-Options \"nosniff\" always;"))
        #expect(text.contains("video/webm webm;") && text.contains("video/mp4 mp4;"))
        #expect(text.contains("if ($request_method !~ ^(GET|HEAD)$) { return 405; }"))
        #expect(text.contains(#"if ($uri ~ "/\.") { return 404; }"#))
        // A range past the end: the envelope, with the headers the media location already added.
        let unsatisfiable = try Self.location(text, "location @error_416 {")
        #expect(unsatisfiable.contains(#"return 416 '{"error":{"code":"range_not_satisfiable""#))
        #expect(!unsatisfiable.contains("add_header"))
    }

    @Test func parseDeclared_ReadsTheBodyFileKey() throws {
        let routes = try RouteTable.parseDeclared(Array(#"[{"method":"POST","path":"/api/v/","body":"file"},{"method":"GET","path":"/api/v/"}]"#.utf8),
                                                  function: "v")
        #expect(routes.map(\.bodyInFile) == [true, false])
    }
}
