/// The names shared by the functions that publish real-time events and the nginx configuration
/// that serves them (nchan): channels, and the internal redirect that admits a subscriber.
public enum RealTime {
    /// The internal prefix of nginx's subscriber location: `/__agora_stream/<channel>/<channel>`.
    public static let subscriberPrefix = "/__agora_stream/"

    /// The channel every stream of a login session also listens on: ending the session deletes
    /// it, which closes those streams.
    public static func sessionChannel(_ sessionID: String) -> String { "session_\(sessionID)" }

    /// Channel names are words of `A-Z a-z 0-9 _ -` (what nginx's locations accept).
    public static func isChannel(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 200 && name.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 95 || byte == 45
        }
    }

    /// The answer that admits a subscriber to `channel` and its session's channel: nginx's
    /// internal redirect to the subscriber location (a 204 without nginx).
    public static func subscribe(to channel: String, session sessionID: String) throws(APIError) -> Response {
        let session = sessionChannel(sessionID)
        guard isChannel(channel), isChannel(session) else { throw APIError.tokenInvalid() }
        return Response(status: 204, headers: [("X-Accel-Redirect", subscriberPrefix + channel + "/" + session)])
    }

    /// What nchan would refuse in plain text, refused first in the envelope (400 on the header):
    /// a WebSocket upgrade without a 16-byte key or of a version other than 13, and a
    /// `Last-Event-ID` (or `?last_event_id=`) that is not an event id nchan gave out.
    public static func checkSubscriber(_ request: Request) throws(APIError) {
        if request.headers["upgrade"]?.lowercased() == "websocket" {
            guard request.headers["sec-websocket-version"] == "13" else {
                throw APIError.validation(field: "Sec-WebSocket-Version", "Only WebSocket version 13 is supported.")
            }
            guard let key = request.headers["sec-websocket-key"], let bytes = Base64.decode(key), bytes.count == 16 else {
                throw APIError.validation(field: "Sec-WebSocket-Key", "Send a base64 key of 16 bytes.")
            }
        }
        for (field, value) in [("Last-Event-ID", request.headers["last-event-id"]),
                               ("last_event_id", request.query["last_event_id"])] {
            if let value, !value.isEmpty, !isEventID(value) {
                throw APIError.validation(field: field, "Send an event id this stream gave out.")
            }
        }
    }

    /// `<seconds>:<tag>` with one tag per channel (`[n]`, `n` or `-`), as nchan writes the id of an
    /// event of a two-channel stream (`1796073283:[0],-`).
    static func isEventID(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, (1...20).contains(parts[0].count), parts[0].allSatisfy(\.isASCIIDigit) else { return false }
        let tags = parts[1].split(separator: ",", omittingEmptySubsequences: false)
        guard tags.count == 2 else { return false }
        return tags.allSatisfy { tag in
            if tag == "-" { return true }
            let digits = tag.hasPrefix("[") && tag.hasSuffix("]") ? tag.dropFirst().dropLast() : tag[...]
            return (1...10).contains(digits.count) && digits.allSatisfy(\.isASCIIDigit)
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
