import AgoraCore
import AgoraManifest

/// Real-time routes (`Router.stream`): a new subscriber's request goes to the function like any
/// request; the function checks it and answers either an error envelope or an internal redirect
/// (`X-Accel-Redirect: /__agora_stream/<channel>/<channel>`) to an nchan subscriber location,
/// which serves Server-Sent Events and WebSocket on the two channels it names (the subject's, and
/// the caller's login session's, so that ending the session closes the stream). Events come in on
/// a publisher server that listens only on a unix socket next to the function sockets (nothing on
/// the API's port can publish).
extension NginxConfig {
    /// Debian's `libnginx-mod-nchan`.
    static let nchanModule = "/usr/lib/nginx/modules/ngx_nchan_module.so"
    /// The publisher socket's file name in the socket folder; the runner gives its path to the
    /// workers as `AGORA_PUBLISH_SOCKET`.
    public static let publishSocketName = "publish.sock"
    /// How many events a channel keeps, and for how long, for subscribers that reconnect with
    /// `Last-Event-ID`.
    static let messageBufferLength = 200
    static let messageTimeout = "5m"

    /// The named capture holding the path's id in a stream location.
    static let streamIDVariable = "agora_stream_id"

    var streamRoutes: [(function: FunctionSpec, route: FunctionRoute)] {
        manifest.functions.flatMap { function in
            routes.routes(of: function.name).filter { $0.stream != nil }.map { (function, $0) }
        }
    }

    var hasStreams: Bool { !streamRoutes.isEmpty }

    /// `nchan_redis_pass` when the manifest names a Redis server, else nothing (shared memory).
    func redisPass(indent: Int) -> String {
        guard manifest.http.redisURL != nil else { return "" }
        return String(repeating: " ", count: indent) + "nchan_redis_pass agora_redis;\n"
    }

    /// The Redis upstream and the publisher server (nothing without stream routes).
    func publisherServer() -> String {
        guard hasStreams else { return "" }
        var out = ""
        if let url = manifest.http.redisURL {
            out += """
                    upstream agora_redis {
                        nchan_redis_server "\(url)";
                    }

                """
        }
        out += """
                # Publishing: only through this socket, which only the functions reach.
                server {
                    listen unix:\(publishSocket);
                    location ~ ^/(?<agora_channel>[A-Za-z0-9_-]+)$ {
                        nchan_publisher http;
                        nchan_channel_id $agora_channel;
                        nchan_message_buffer_length \(NginxConfig.messageBufferLength);
                        nchan_message_timeout \(NginxConfig.messageTimeout);
            \(redisPass(indent: 12))            }
                    location / {
                        return 404;
                    }
                }

            """
        return out
    }

    /// The regex of a stream route: its first `{id}` captured as `agora_stream_id`, canonical
    /// ids only (anything else falls through to a 404).
    static func streamRegex(for template: String) -> String {
        var captured = false
        let segments = template.split(separator: "/").map { segment -> String in
            guard segment.hasPrefix("{") else { return String(segment).replacing(".", with: "\\.") }
            if captured { return "[1-9][0-9]{0,18}" }
            captured = true
            return "(?<\(streamIDVariable)>[1-9][0-9]{0,18})"
        }
        return "^/" + segments.joined(separator: "/") + "/?$"
    }

    /// The internal URI answering a request to a stream path that is neither Server-Sent Events
    /// nor a WebSocket upgrade (nchan would answer an empty 403).
    static let notSubscriberURI = "/__agora_not_a_subscriber"

    /// `$agora_subscriber`: 1 for a WebSocket upgrade (`Upgrade: websocket` with `Connection:
    /// upgrade`) or a request that accepts `text/event-stream`, as nchan tells them apart.
    func subscriberMap() -> String {
        guard hasStreams else { return "" }
        return """
                map "$http_upgrade|$http_connection|$http_accept" $agora_subscriber {
                    default 0;
                    "~*^websocket\\|[^|]*upgrade" 1;
                    "~*^[^|]*\\|[^|]*\\|.*text/event-stream" 1;
                }

            """
    }

    /// The public location of a stream route: other methods are 405 and other requests 400, in
    /// the envelope; a subscriber's request goes to the function, which answers an error or the
    /// redirect to `subscriberLocation`.
    func streamLocation(path: String, channel: String, function: FunctionSpec) -> String {
        let upstream = "agora_" + function.name.replacing("-", with: "_")
        return """
                location ~ "\(NginxConfig.streamRegex(for: path))" {
        \(headerLines(indent: 12, requestID: false))
                    if ($request_method != GET) {
                        return 405;
                    }
                    if ($agora_subscriber = 0) {
                        rewrite ^ \(NginxConfig.notSubscriberURI) last;
                    }
                    include /etc/nginx/fastcgi_params;
                    fastcgi_param REQUEST_ID $agora_request_id;
                    fastcgi_param DOCUMENT_URI $uri;
                    fastcgi_read_timeout \(NginxConfig.duration(function.pool.requestTimeout));
                    fastcgi_pass \(upstream);
                }

        """
    }

    /// The subscriber location (internal: reached only by a function's redirect): SSE and
    /// WebSocket on the two channels of its path; new subscribers get only new events, or what
    /// they missed after their `Last-Event-ID`.
    func subscriberLocations() -> String {
        guard hasStreams else { return "" }
        let message = "Open the stream with Server-Sent Events (Accept: text/event-stream) or a WebSocket upgrade."
        let prefix = RealTime.subscriberPrefix
        return """
                    location ~ ^\(prefix)(?<agora_channel_a>[A-Za-z0-9_-]+)/(?<agora_channel_b>[A-Za-z0-9_-]+)$ {
                        internal;
            \(headerLines(indent: 12))
                        nchan_subscriber websocket eventsource;
                        nchan_subscriber_first_message newest;
                        nchan_channel_id $agora_channel_a $agora_channel_b;
                        nchan_eventsource_ping_interval 30;
                        nchan_websocket_ping_interval 30;
            \(redisPass(indent: 12))            }
                    location = \(NginxConfig.notSubscriberURI) {
                        internal;
                        default_type "application/json; charset=utf-8";
            \(headerLines(indent: 12))
                        return 400 '\(NginxConfig.envelope(400, "validation_failed", message))';
                    }

            """
    }
}
