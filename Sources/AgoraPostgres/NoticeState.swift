internal import CLibPQ

/// Receives the server's notices instead of libpq's default printer (which writes to stderr,
/// outside the JSON log lines), and remembers a FATAL one: the server announcing that it is
/// about to close the connection (shutdown, `pg_terminate_backend`).
final class NoticeState {
    var fatalSeen = false

    func receive(_ result: OpaquePointer) {
        guard let ascii = Character("V").asciiValue, let severity = PQresultErrorField(result, Int32(ascii)) else {
            return
        }
        let text = String(cString: severity)
        if text == "FATAL" || text == "PANIC" { fatalSeen = true }
    }

    /// Routes the notices of `connection` to this object, which must outlive the PGconn.
    func install(on connection: OpaquePointer) {
        _ = PQsetNoticeReceiver(
            connection,
            { context, result in
                guard let context, let result else { return }
                Unmanaged<NoticeState>.fromOpaque(context).takeUnretainedValue().receive(result)
            },
            Unmanaged.passUnretained(self).toOpaque())
    }
}
