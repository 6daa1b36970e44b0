extension NginxConfig {
    /// Room for the multipart framing around a file of VIDEO_MAX_BYTES (boundaries, part
    /// headers, the text fields); the worker checks the file part itself against the exact limit.
    public static let multipartOverhead: Int64 = 64 * 1024

    /// `client_max_body_size` of an upload location for files of at most `videoMaxBytes`.
    public static func uploadLimit(videoMaxBytes: Int64) -> Int64 { videoMaxBytes + multipartOverhead }

    /// The directives of a location whose routes take their body as a file: nginx stores the
    /// whole body in its client-body directory (answering 413 from `Content-Length` before storing
    /// anything, or as soon as a chunked body passes the limit), hands the worker only the path,
    /// and deletes the file when the request ends, whatever the worker did. JSON bodies sent there
    /// come as a file too; the worker holds them to the 1 MiB limit itself.
    var fileBody: String {
        """
                    client_max_body_size \(uploadBodyLimit);
                    client_body_temp_path \(runtimeDir)/client_body;
                    client_body_in_file_only clean;
                    fastcgi_pass_request_body off;
                    fastcgi_param REQUEST_BODY_FILE $request_body_file;

        """
    }

    /// The internal URI of the gate of an upload location (`auth_request`).
    static func gateURI(_ path: String) -> String {
        "/__agora_gate" + String(path.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// The gate nginx asks before it reads an upload's body: the same function, sent the request's
    /// method, path and headers but no body and `AGORA_AUTH_ONLY`, authenticates the caller as the
    /// route requires and answers 204, or 401. A client without a valid token is refused before
    /// nginx stores a byte of its body (without the gate, nginx would store a whole upload for the
    /// worker to refuse). Other methods of the location pass at once. The gate opens for anything
    /// but a 401 (a database outage, a path the worker does not route), so it never refuses what
    /// the worker would accept.
    func uploadGate(path: String, methods: [String], upstream: String) -> String {
        """
                location = \(NginxConfig.gateURI(path)) {
                    internal;
                    # The request's body size was checked by its own location; this one reads none.
                    client_max_body_size 0;
                    if ($request_method !~ ^(\(methods.joined(separator: "|")))$) { return 204; }
                    include /etc/nginx/fastcgi_params;
                    fastcgi_param REQUEST_ID $agora_request_id;
                    fastcgi_param DOCUMENT_URI $agora_request_path;
                    fastcgi_param CONTENT_LENGTH "";
                    fastcgi_param CONTENT_TYPE "";
                    fastcgi_param AGORA_AUTH_ONLY 1;
                    fastcgi_pass_request_body off;
                    fastcgi_pass \(upstream);
                }

        """
    }

    /// `/media/videos/`: the uploaded files, served by nginx itself (byte ranges, `206`), read
    /// only, with the type of the extension the worker chose from the file's own bytes and
    /// `nosniff`, so a browser never runs one as a page or a script. Nothing else under the media
    /// root is served, no dot file (an upload still being copied), and no listing.
    func mediaLocation(_ mediaRoot: String) -> String {
        """
                location ^~ /media/videos/ {
        \(headerLines(indent: 12, extra: [("Content-Security-Policy", "default-src 'none'; media-src 'self'; sandbox")]))
                    alias \(mediaRoot)/videos/;
                    types {
                        video/mp4 mp4;
                        video/quicktime mov;
                        video/webm webm;
                        video/x-matroska mkv;
                    }
                    default_type application/octet-stream;
                    if ($request_method !~ ^(GET|HEAD)$) { return 405; }
                    # A file being written (`.tmp-<name>`) is not served, even to one who knows its name.
                    if ($uri ~ "/\\.") { return 404; }
                    autoindex off;
                    max_ranges 16;
                }
                # The folder itself: no listing, and not nginx's HTML 403 either.
                location = /media/videos/ {
                    return 404;
                }

        """
    }
}
