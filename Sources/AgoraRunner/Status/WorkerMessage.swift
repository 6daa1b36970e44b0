/// One line a worker writes on its status pipe (fd 3).
public enum WorkerMessage: Sendable, Equatable {
    /// `R`: the worker accepts connections.
    case ready
    /// `B <METHOD> <route-template>`: a request started.
    case begin(method: String, route: String)
    /// `I <status> <duration-ms>`: the request finished.
    case end(status: Int, durationMS: Double)
    /// `X <reason>`: the worker reached a recycling limit (`max_requests`, `max_memory`) and exits
    /// by itself between two requests.
    case exiting(reason: String)

    /// Parses one line without its newline; `nil` for anything else.
    public init?(line: some Collection<UInt8>) {
        let text = String(decoding: line, as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard let tag = parts.first else { return nil }
        switch tag {
        case "R" where parts.count == 1:
            self = .ready
        case "B" where parts.count == 3:
            self = .begin(method: String(parts[1]), route: String(parts[2]))
        case "B" where parts.count == 2:
            self = .begin(method: String(parts[1]), route: "")
        case "I" where parts.count == 3:
            guard let status = Int(parts[1]), let duration = Double(parts[2]) else { return nil }
            self = .end(status: status, durationMS: duration)
        case "X" where parts.count == 2:
            self = .exiting(reason: String(parts[1]))
        default:
            return nil
        }
    }
}
