extension NginxConfig {
    /// The runner's Prometheus socket (`RunnerOptions.metricsSocketPath` names the same file).
    public static let metricsSocketName = "metrics.sock"

    /// `GET /metrics`: the runner's Prometheus text, for the addresses of `http.metrics_allow`
    /// only; anyone else gets the 404 envelope, as for a path that does not exist.
    func metricsLocation() -> String {
        var allow = ""
        for address in manifest.http.metricsAllow { allow += "            allow \(address);\n" }
        return """
                    location = /metrics {
            \(allow)            deny all;
                        # A location with its own error_page inherits none of the server's.
                        error_page 403 =404 @error_404;
                        error_page 404 @error_404;
                        error_page 405 @error_405;
                        error_page 502 @error_502;
                        error_page 503 @error_503;
                        error_page 504 @error_504;
                        limit_except GET { deny all; }
            \(headerLines(indent: 12))
                        proxy_pass http://unix:\(socketDir)/\(NginxConfig.metricsSocketName):/metrics;
                        proxy_connect_timeout 2s;
                        proxy_read_timeout 10s;
                        proxy_buffering on;
                    }

            """
    }
}
