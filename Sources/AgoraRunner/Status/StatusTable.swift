import AgoraCore

/// Renders the status document as the table `agora status` prints.
public enum StatusTable {
    static let columns = [
        ("FUNCTION", "name"), ("MODE", "mode"), ("STATE", "state"), ("IDLE", "idle"), ("BUSY", "busy"),
        ("START", "starting"), ("STOP", "stopping"), ("TOTAL", "total"), ("ACCEPTED", "accepted_requests"),
        ("QUEUE", "listen_queue"), ("MAXED", "max_children_reached"), ("SLOW", "slow_requests"),
        ("RESTARTS", "restarts"), ("RECYCLED", "recycles"), ("TIMEOUTS", "timeouts"),
    ]

    /// One row per function, then one indented line per worker.
    public static func render(_ status: JSON) -> String {
        let functions = status["functions"]?.objectValue ?? [:]
        var rows: [[String]] = [columns.map(\.0)]
        var details: [String: [String]] = [:]
        for (name, function) in functions.sorted(by: { $0.key < $1.key }) {
            rows.append(columns.map { $0.1 == "name" ? name : cell(function[$0.1]) })
            details[name] = (function["workers"]?.arrayValue ?? []).map(workerLine)
        }
        let widths = columns.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines: [String] = []
        let pid = cell(status["pid"])
        let uptime = cell(status["uptime_s"])
        lines.append("runner pid \(pid), \(cell(status["state"])), up \(uptime) s, reloads \(cell(status["reloads"]))")
        for (index, row) in rows.enumerated() {
            let padded = row.enumerated().map { column, text in
                column < 3 ? text.padding(widths[column]) : String(repeating: " ", count: widths[column] - text.count) + text
            }
            lines.append(padded.joined(separator: "  "))
            if index > 0, let workers = details[row[0]] { lines += workers }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func workerLine(_ worker: JSON) -> String {
        var line = "    pid \(cell(worker["pid"])) \(cell(worker["state"])) requests \(cell(worker["requests"]))"
            + " rss \(cell(worker["rss_kb"])) kB up \(cell(worker["uptime_s"])) s"
        if let route = worker["route"]?.stringValue {
            line += "  \(worker["method"]?.stringValue ?? "") \(route) \(cell(worker["request_ms"])) ms"
        }
        if let reason = worker["stopping_reason"]?.stringValue { line += "  (\(reason))" }
        return line
    }

    static func cell(_ value: JSON?) -> String {
        switch value {
        case .string(let text)?: text
        case .int(let number)?: String(number)
        case .double(let number)?: String(number)
        case .bool(let flag)?: String(flag)
        default: "-"
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
