import AgoraCore
import AgoraManifest

/// Renders the nginx configuration: an upstream per function of `functions.json`, one location
/// per route path the functions declare, JSON envelopes for what nginx answers itself, rate
/// limiting, CORS and the security headers of the manifest's `http` settings.
public struct NginxConfig: Sendable {
    public let manifest: Manifest
    /// The routes the manifest's functions declare (`RouteTable.gather`).
    public let routes: RouteTable
    public let listen: String
    public let socketDir: String
    public let runtimeDir: String
    public let workerProcesses: Int
    /// Extra `location` blocks (static files: OpenAPI document, docs, media).
    public var extraLocations: [String] = []
    /// Regexes of the paths `extraLocations` serve as static files (GET and HEAD only): the
    /// `Allow` of their 405s.
    public var staticPaths: [String] = []
    /// The `user` directive (nginx started as root runs its workers as this user).
    public var user: String?
    /// The unix socket of the real-time publisher server (see `NginxConfig+Streams`).
    public var publishSocket: String
    /// The largest request body of a route whose body comes as a file (`FunctionRoute.bodyInFile`):
    /// VIDEO_MAX_BYTES plus the multipart framing (`NginxConfig.uploadLimit(videoMaxBytes:)`).
    public var uploadBodyLimit: Int64 = NginxConfig.uploadLimit(videoMaxBytes: 1 << 30)
    /// MEDIA_ROOT: `/media/videos/` is served from its `videos` folder when set.
    public var mediaRoot: String?

    /// A configuration for the manifest's functions and their routes.
    /// - Throws: the routes' conflicts (a path claimed by two functions, a malformed template),
    ///   or a function of the manifest whose routes were not gathered.
    public init(
        manifest: Manifest, routes: RouteTable, listen: String, socketDir: String, runtimeDir: String, workerProcesses: Int
    ) throws(RouteTableError) {
        let problems = routes.conflicts()
        guard problems.isEmpty else { throw RouteTableError(problems: problems) }
        for function in manifest.functions where routes.routes[function.name] == nil {
            throw RouteTableError("function \"\(function.name)\": its routes were not gathered")
        }
        self.manifest = manifest
        self.routes = routes
        self.listen = listen
        self.socketDir = socketDir
        self.runtimeDir = runtimeDir
        self.workerProcesses = workerProcesses
        self.publishSocket = "\(socketDir)/\(NginxConfig.publishSocketName)"
    }

    var corsOrigins: [String] { manifest.http.corsOrigins }

    static let securityHeaders = [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    ]

    /// The errors nginx answers itself, in the API envelope.
    static let ownErrors: [(Int, String, String)] = [
        (404, "not_found", "Not found."),
        (405, "method_not_allowed", "Method not allowed."),
        (413, "payload_too_large", "The request body is too large."),
        // A byte range past the end of a video under /media/videos/. nginx raises it after the
        // media location added its headers, so its page adds none (they would come twice).
        (416, "range_not_satisfiable", "The requested range is not satisfiable."),
        (429, "rate_limited", "Too many requests; try again later."),
        (500, "internal_error", "An internal error occurred."),
        (502, "service_unavailable", "The service is temporarily unavailable."),
        (503, "service_unavailable", "The service is temporarily unavailable."),
        (504, "gateway_timeout", "The request took too long."),
    ]

    /// Errors nginx raises while it reads the request line or headers, before the request has a
    /// URI: each is sent to an internal URI, not a named location (a redirect to a named location
    /// without a URI fails with a 500). `nginx` is the status nginx raises, `status` the one the
    /// client gets: nginx's non-standard 494 (a header, or all of them, too large) becomes 431.
    /// nginx never answers a 408 (a slow client's connection is closed), so it has no page.
    static let protocolErrors: [(nginx: Int, status: Int, code: String, message: String)] = [
        (400, 400, "validation_failed", "The request is malformed."),
        (414, 414, "uri_too_long", "The request URI is too long."),
        (494, 431, "headers_too_large", "A request header, or all of them together, is too large."),
        (501, 501, "not_implemented", "The transfer encoding is not supported."),
        (505, 505, "http_version_not_supported", "The HTTP version is not supported."),
    ]

    /// How long nginx waits for a request's headers, and between two reads of its body, before it
    /// closes the connection: nginx's default (60 s) lets a few slow clients hold connections
    /// for a minute each.
    static let clientTimeout = "10s"

    /// The internal URI of a protocol error's page.
    static func protocolErrorURI(_ status: Int) -> String { "/__agora_error_\(status)" }

    /// Headers of an error nginx answers itself; an empty `Allow` (a path no function serves) is
    /// left out by nginx.
    static func ownErrorHeaders(_ status: Int) -> [(String, String)] {
        switch status {
        case 405: [("Allow", "$agora_allow")]
        case 429: [("Retry-After", "1")]
        case 502, 503: [("Retry-After", "2")]
        default: []
        }
    }

    /// The error envelope as an nginx string (`request_id` is filled in by nginx).
    static func envelope(_ status: Int, _ code: String, _ message: String) -> String {
        #"{"error":{"code":"\#(code)","message":"\#(message)","request_id":"$agora_request_id","status":\#(status)}}"#
    }

    /// The whole nginx.conf.
    public func render() -> String {
        var out = user.map { "user \($0);\n" } ?? ""
        if hasStreams { out += "load_module \(NginxConfig.nchanModule);\n" }
        out += """
            # Generated by `agora nginx-config` from functions.json and the functions' own routes. Do not edit.
            worker_processes \(workerProcesses);
            pid \(runtimeDir)/nginx.pid;
            error_log \(runtimeDir)/nginx-error.log warn;

            # Real-time subscribers hold a connection each: room for tens of thousands.
            worker_rlimit_nofile 40000;
            events { worker_connections 16384; }

            http {
                access_log off;
                server_tokens off;
                variables_hash_max_size 2048;
                sendfile on;
                tcp_nodelay on;
                keepalive_requests 100000;
                default_type application/json;
                charset_types application/json;
                client_body_temp_path \(runtimeDir)/client_body;
                fastcgi_temp_path \(runtimeDir)/fastcgi;
                proxy_temp_path \(runtimeDir)/proxy;
                uwsgi_temp_path \(runtimeDir)/uwsgi;
                scgi_temp_path \(runtimeDir)/scgi;
                client_max_body_size \(manifest.http.jsonBodyLimit);
                client_body_buffer_size \(manifest.http.jsonBodyLimit);
                # Slow clients (slowloris) are cut off: a request's headers must arrive within
                # this time, and its body may pause no longer (nginx closes without an answer).
                client_header_timeout \(NginxConfig.clientTimeout);
                client_body_timeout \(NginxConfig.clientTimeout);

                # A client's X-Request-ID is kept when sane, else nginx's own.
                map $http_x_request_id $agora_request_id {
                    "~^[A-Za-z0-9._:-]{1,128}$" $http_x_request_id;
                    default $request_id;
                }
                # The request's path without its query, for an upload's gate (a subrequest's $uri is its own).
                map $request_uri $agora_request_path {
                    "~^(?<agora_path>[^?]*)" $agora_path;
                }
                # The code of a 401 nginx answers (an upload's gate refused the caller).
                map $http_authorization $agora_401_code {
                    "" not_authenticated;
                    default token_invalid;
                }
                map $http_origin $agora_cors_origin {
                    default "";

            """
        for origin in corsOrigins { out += "            \"\(origin)\" $http_origin;\n" }
        out += "    }\n" + allowMap() + subscriberMap() + """
                limit_req_zone $binary_remote_addr zone=agora_api:10m rate=\(manifest.http.rateLimitPerSecond)r/s;
                limit_req_status 429;

            """
        for function in manifest.functions {
            out += """
                    upstream agora_\(function.name.replacing("-", with: "_")) {
                        server unix:\(socketDir)/\(function.name).sock;
                \(manifest.http.fastcgiKeepalive > 0 ? "        keepalive \(manifest.http.fastcgiKeepalive);" : "")
                    }

                """
        }
        out += publisherServer()
        out += """
                server {
                    listen \(listen);
                    limit_req zone=agora_api burst=\(manifest.http.rateLimitBurst) nodelay;
                    fastcgi_keep_conn \(manifest.http.fastcgiKeepalive > 0 ? "on" : "off");

            """
        for (status, _, _) in NginxConfig.ownErrors {
            out += "        error_page \(status) @error_\(status);\n"
        }
        out += "        error_page 401 @error_401;\n"
        for error in NginxConfig.protocolErrors {
            let change = error.nginx == error.status ? "" : "=\(error.status) "
            out += "        error_page \(error.nginx) \(change)\(NginxConfig.protocolErrorURI(error.nginx));\n"
        }
        out += "\n"
        for location in sortedLocations() {
            out += location
        }
        if let mediaRoot { out += mediaLocation(mediaRoot) }
        for extra in extraLocations { out += extra }
        out += metricsLocation()
        out += subscriberLocations()
        for error in NginxConfig.protocolErrors {
            out += """
                        location = \(NginxConfig.protocolErrorURI(error.nginx)) {
                            internal;
                            # No type by extension (nginx's built-in html, gif, jpg): JSON whatever the URI ends with.
                            types { }
                            default_type "application/json; charset=utf-8";
                \(headerLines(indent: 12))
                            return \(error.status) '\(NginxConfig.envelope(error.status, error.code, error.message))';
                        }

                """
        }
        out += """
                    location / {
                        return 404;
                    }

            """
        out += """
                    # An upload's gate refused the caller before nginx read the body (its
                    # WWW-Authenticate comes from the gate's answer).
                    location @error_401 {
                        types { }
                        default_type "application/json; charset=utf-8";
            \(headerLines(indent: 12))
                        return 401 '\(NginxConfig.envelope(401, "$agora_401_code", "Authentication credentials were not provided or are invalid."))';
                    }

            """
        for (status, code, message) in NginxConfig.ownErrors {
            out += """
                        location @error_\(status) {
                            # No type by extension (nginx's built-in html, gif, jpg): JSON whatever the URI ends with.
                            types { }
                            default_type "application/json; charset=utf-8";
                \(status == 416 ? "" : headerLines(indent: 12, extra: NginxConfig.ownErrorHeaders(status)))
                            return \(status) '\(NginxConfig.envelope(status, code, message))';
                        }

                """
        }
        out += "    }\n}\n"
        return out
    }

    /// `add_header` lines: security headers, CORS and the request id (repeated in every location
    /// because nginx does not inherit `add_header` into a location that has its own). A header in
    /// `extra` replaces the security header of the same name (the docs page's own CSP).
    public func headerLines(indent: Int, extra: [(String, String)] = [], requestID: Bool = true) -> String {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        let kept = NginxConfig.securityHeaders.filter { header in !extra.contains { $0.0 == header.0 } }
        for (name, value) in kept + extra {
            lines.append("\(pad)add_header \(name) \"\(value)\" always;")
        }
        if requestID { lines.append("\(pad)add_header X-Request-ID $agora_request_id always;") }
        if !corsOrigins.isEmpty {
            lines.append("\(pad)add_header Access-Control-Allow-Origin $agora_cors_origin always;")
            // What a browser's script may read of an answer beyond the CORS-safelisted headers.
            lines.append("\(pad)add_header Access-Control-Expose-Headers \"X-Request-ID, traceparent, Retry-After, Location, Idempotent-Replayed\" always;")
            lines.append("\(pad)add_header Vary Origin always;")
        }
        return lines.joined(separator: "\n")
    }

    /// One regex location per route path, nested in a prefix location per path group
    /// (`/api/blogs`): nginx tries a server's regex locations one by one, and with some sixty of
    /// them a late one cost a request 5-8 µs of nginx's CPU (measured: 16-20 µs a request against
    /// 11.5 nested, 9-12 for an exact location); nested, it tries only its group's. A path of
    /// the group that no route fits gets the prefix location's 404 envelope, as `location /`
    /// gave it. Within a group, paths with more literal segments come first so a literal never
    /// loses to a parameter of another function. Upload gates (exact internal locations outside
    /// the group's prefix) follow at server level.
    func sortedLocations() -> [String] {
        var entries: [(group: String?, literals: Int, text: String)] = []
        var gates: [String] = []
        for function in manifest.functions {
            var seen = Set<String>()
            for route in routes.routes(of: function.name) where seen.insert(route.path).inserted {
                let literals = route.path.split(separator: "/").filter { !$0.hasPrefix("{") }.count
                let text: String
                if let channel = route.stream {
                    text = streamLocation(path: route.path, channel: channel, function: function)
                } else {
                    let (block, gate) = location(path: route.path, function: function)
                    text = block
                    gates.append(gate)
                }
                entries.append((NginxConfig.group(of: route.path), literals, text))
            }
        }
        let sorted = entries.sorted { $0.literals > $1.literals }
        var groups: [String] = []
        for entry in sorted { if let group = entry.group, !groups.contains(group) { groups.append(group) } }
        var out = sorted.filter { $0.group == nil }.map(\.text)
        for group in groups.sorted() {
            let members = sorted.filter { $0.group == group }.map { NginxConfig.indented($0.text) }
            out.append("        location \(group) {\n" + members.joined() + "            return 404;\n        }\n\n")
        }
        return out + gates.filter { !$0.isEmpty }
    }

    /// A route path's group: its first two segments (`/api/blogs/{id}/` → `/api/blogs`); nil when
    /// they are not both literal (`/`, `/api/{kind}/`): such a path stays a server-level regex.
    static func group(of path: String) -> String? {
        let first = path.split(separator: "/").prefix(2)
        guard first.count == 2, !first.contains(where: { $0.contains("{") || $0.contains("}") }) else { return nil }
        return "/" + first.joined(separator: "/")
    }

    /// A location's text four spaces further in (nested in its group).
    static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
    }

    /// nginx's regex for a route template.
    public static func regex(for template: String) -> String { RouteTable.regex(for: template) }

    /// A duration as nginx writes it: whole seconds, else milliseconds rounded up.
    static func duration(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(Int((seconds * 1000).rounded(.up)))ms"
    }

    /// A route path's location, and its upload gate's (empty when it has none).
    func location(path: String, function: FunctionSpec) -> (location: String, gate: String) {
        let upstream = "agora_" + function.name.replacing("-", with: "_")
        let inFile = routes.routes(of: function.name).contains { $0.path == path && $0.bodyInFile }
        let gated = routes.routes(of: function.name).filter { $0.path == path && $0.bodyInFile && $0.requiresAuth }
            .map(\.method).sorted()
        var preflight = ""
        if !corsOrigins.isEmpty {
            preflight = """
                            if ($request_method = OPTIONS) {
                                add_header Access-Control-Allow-Origin $agora_cors_origin always;
                                add_header Access-Control-Allow-Methods "GET, POST, PUT, PATCH, DELETE, OPTIONS" always;
                                add_header Access-Control-Allow-Headers "Authorization, Content-Type, X-Request-ID, Idempotency-Key, traceparent" always;
                                add_header Access-Control-Max-Age 600 always;
                                add_header Vary Origin always;
                                return 204;
                            }

                """
        }
        let location = """
                    location ~ \(NginxConfig.regex(for: path)) {
            \(preflight)\(headerLines(indent: 12, requestID: false))
                        include /etc/nginx/fastcgi_params;
                        fastcgi_param REQUEST_ID $agora_request_id;
                        fastcgi_param DOCUMENT_URI $uri;
                        fastcgi_read_timeout \(NginxConfig.duration(function.pool.requestTimeout));
            \(inFile ? fileBody : "")\(gated.isEmpty ? "" : "            auth_request \(NginxConfig.gateURI(path));\n")            fastcgi_pass \(upstream);
                    }

            """
        return (location, gated.isEmpty ? "" : uploadGate(path: path, methods: gated, upstream: upstream))
    }
}
