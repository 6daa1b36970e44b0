import AgoraDeploy

/// Static locations for the OpenAPI document (`/api/openapi.json`) and Swagger UI (`/api/docs/`),
/// served by nginx from the docs folder the deploy scripts fill (deploy/lib/common.sh `docs_build`:
/// the generated document, deploy/docs and the Swagger UI files of a pinned PyPI package).
enum DocsLocations {
    /// Swagger UI runs its own scripts and styles (React sets inline styles) and calls the API of
    /// the same origin ("Try it out"), so its pages get a policy of their own instead of the API's
    /// `default-src 'none'`: still nothing from elsewhere, no inline script, no framing.
    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
        "font-src 'self' data:", "connect-src 'self'", "base-uri 'none'", "form-action 'none'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// The http block has no mime.types (everything else it serves is JSON), so the docs say theirs.
    static let types = """
                    types {
                        text/html html;
                        text/css css;
                        application/javascript js;
                        application/json json map;
                        image/png png;
                        text/plain txt;
                    }
                    default_type application/octet-stream;
                    charset utf-8;
                    charset_types text/css application/javascript application/json text/plain;
        """

    /// The paths these locations serve (for the `Allow` of their 405s, which nginx looks up by
    /// `$uri`: the page's is `/index.html` once `try_files` found it).
    static let paths = [#"^/api/openapi\.json$"#, "^/api/docs(/|$)", #"^/index\.html$"#]

    static func render(docsDir: String, config: NginxConfig) -> [String] {
        let noCache = [("Cache-Control", "no-cache")]
        let api = config.headerLines(indent: 12, extra: noCache)
        let page = config.headerLines(indent: 12, extra: noCache + [("Content-Security-Policy", contentSecurityPolicy)])
        var locations = [
            """
                    location = /api/openapi.json {
            \(api)
                        default_type "application/json; charset=utf-8";
                        alias \(docsDir)/openapi.json;
                    }

            """,
        ]
        // The page with and without the trailing slash, like every API path; then its assets.
        for path in ["/api/docs", "/api/docs/"] {
            locations.append("""
                        location = \(path) {
                \(page)
                \(types)
                            root \(docsDir);
                            try_files /index.html =404;
                        }

                """)
        }
        locations.append("""
                    location ^~ /api/docs/ {
            \(page)
            \(types)
                        alias \(docsDir)/;
                    }

            """)
        return locations
    }
}
