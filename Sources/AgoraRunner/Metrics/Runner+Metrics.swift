import AgoraCore
import Glibc

extension Runner {
    /// Agora's version, in `agora_build_info`; the git commit comes from `AGORA_GIT_COMMIT`,
    /// which the deploy scripts set from the checkout the binaries were built from.
    public static let version = "0.17.0"
    /// Read once: the environment does not change under a running process.
    static let commit = Posix.environment()["AGORA_GIT_COMMIT"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"

    /// Takes the connections waiting on `metrics.sock` (nginx's `/metrics`), at most
    /// `metricsAcceptsPerTurn` a turn, and answers each as soon as its request has arrived. Nothing
    /// here waits: a client that is slow to send is polled with the rest of the loop, and dropped
    /// at its deadline, so no local client can hold the runner's loop (it supervises every worker).
    func serveMetrics(now: Double) {
        for _ in 0..<Runner.metricsAcceptsPerTurn {
            let client = accept(metricsListener.fd, nil, nil)
            guard client >= 0 else { return }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            Posix.setNonBlocking(client)
            guard metricsClients.count < Runner.metricsClientsMax else {
                close(client)
                continue
            }
            metricsClients.append(MetricsClient(fd: client, deadline: now + Runner.metricsClientDeadline))
            readMetricsClient(client, now: now)
        }
    }

    static let metricsAcceptsPerTurn = 8
    static let metricsClientsMax = 32
    static let metricsClientDeadline = 2.0

    /// Reads what a metrics client has sent so far; once its request's headers are complete (or it
    /// closed its side), answers and closes. A request over 16 KiB is refused by closing.
    func readMetricsClient(_ fd: Int32, now: Double) {
        guard let index = metricsClients.firstIndex(where: { $0.fd == fd }) else { return }
        var finished = false
        while metricsClients[index].received.count < 16_384 {
            let count = pipeBuffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 4096, Int32(MSG_DONTWAIT)) }
            if count > 0 {
                metricsClients[index].received += pipeBuffer[0..<count]
                if metricsClients[index].received.firstRange(of: Runner.headersEnd) != nil { finished = true; break }
                continue
            }
            if count == 0 { finished = true }
            if count < 0, errno == EINTR { continue }
            if count < 0, errno == EAGAIN || errno == EWOULDBLOCK { return }
            break
        }
        if finished { answerMetrics(fd, now: now) }
        metricsClients.remove(at: index)
        close(fd)
    }

    static let headersEnd = Array("\r\n\r\n".utf8)

    /// The Prometheus text over HTTP/1.0, written without waiting: the document (some 15 KB)
    /// fits the socket's buffer; a client that does not read it loses it.
    func answerMetrics(_ fd: Int32, now: Double) {
        syncScoreboards(now: now)
        let body = Array(metricsText(now: now).utf8)
        var bytes = Array("""
            HTTP/1.0 200 OK\r
            Content-Type: text/plain; version=0.0.4; charset=utf-8\r
            Content-Length: \(body.count)\r
            Cache-Control: no-store\r
            Connection: close\r
            \r

            """.utf8)
        bytes += body
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { return }
            offset += sent
        }
    }

    /// Drops the metrics clients whose deadline passed without a whole request.
    func expireMetricsClients(now: Double) {
        for client in metricsClients where client.deadline <= now { close(client.fd) }
        metricsClients.removeAll { $0.deadline <= now }
    }

    /// Every metric, in Prometheus's text format (version 0.0.4).
    func metricsText(now: Double) -> String {
        var out = MetricsWriter()
        out.family("agora_build_info", "gauge", "Agora's version and the git commit it was built from.")
        out.sample("agora_build_info", [("version", Runner.version), ("commit", Runner.commit)], 1)
        out.family("agora_runner_uptime_seconds", "gauge", "Seconds since the runner started.")
        out.sample("agora_runner_uptime_seconds", [], now - startedAt)
        out.family("agora_runner_reloads_total", "counter", "Reloads of functions.json since the runner started.")
        out.sample("agora_runner_reloads_total", [], Double(reloads))

        let active = pools.filter { !$0.removing || pool(named: $0.name) == nil }
        var routes: [(function: String, key: RouteKey, counters: RouteCounters)] = []
        for pool in active {
            var totals = pool.retiredRoutes
            for worker in pool.workers where !worker.hasExited { worker.scoreboard?.addCounters(into: &totals) }
            for (key, counters) in totals.sorted(by: { $0.key < $1.key }) { routes.append((pool.name, key, counters)) }
        }
        out.family("agora_requests_total", "counter", "Requests a function's workers answered, by route template, method and status.")
        for (function, key, counters) in routes {
            for (index, count) in counters.status.enumerated() where count > 0 {
                let status = RouteCounters.statusCode(index).map(String.init) ?? "other"
                out.sample("agora_requests_total", Runner.labels(function, key) + [("status", status)], Double(count))
            }
        }
        out.family("agora_request_duration_seconds", "histogram", "Time from a request's start in the worker to its answer.")
        for (function, key, counters) in routes {
            let labels = Runner.labels(function, key)
            var cumulative: UInt64 = 0
            for (index, bound) in RouteCounters.bucketBounds.enumerated() {
                cumulative &+= counters.buckets[index]
                out.sample("agora_request_duration_seconds_bucket", labels + [("le", MetricsWriter.number(bound))], Double(cumulative))
            }
            // A scrape between a worker's two stores may see a bucket before its status count:
            // +Inf and the count are never below the buckets.
            let total = max(counters.total, cumulative)
            out.sample("agora_request_duration_seconds_bucket", labels + [("le", "+Inf")], Double(total))
            out.sample("agora_request_duration_seconds_sum", labels, Double(counters.durationMicroseconds) / 1_000_000)
            out.sample("agora_request_duration_seconds_count", labels, Double(total))
        }
        out.family("agora_client_aborts_total", "counter", "Requests whose client went away before the answer was written.")
        for (function, key, counters) in routes where counters.aborts > 0 {
            out.sample("agora_client_aborts_total", Runner.labels(function, key), Double(counters.aborts))
        }
        poolMetrics(active, into: &out)
        return out.text
    }

    func poolMetrics(_ active: [FunctionPool], into out: inout MetricsWriter) {
        out.family("agora_pool_workers", "gauge", "A function's workers by state.")
        for pool in active {
            let live = pool.workers.filter { !$0.isRetiring && !$0.hasExited }
            for (state, count) in [("idle", live.filter(\.isIdle).count), ("busy", live.filter(\.isBusy).count),
                                   ("starting", live.filter(\.isStarting).count),
                                   ("stopping", pool.workers.filter { $0.isRetiring && !$0.hasExited }.count)] {
                out.sample("agora_pool_workers", [("function", pool.name), ("state", state)], Double(count))
            }
        }
        out.family("agora_pool_max_workers", "gauge", "A function's max_workers.")
        for pool in active { out.sample("agora_pool_max_workers", [("function", pool.name)], Double(pool.config.maxWorkers)) }
        out.family("agora_pool_listen_queue", "gauge", "Connections waiting in a function's socket for a worker.")
        for pool in active {
            guard let queue = probe.queueLength(inode: pool.listener.inode) else { continue }
            out.sample("agora_pool_listen_queue", [("function", pool.name)], Double(queue))
        }
        let counters: [(String, String, (PoolCounters) -> Int)] = [
            ("agora_pool_accepted_requests_total", "Requests a function's workers began.", { $0.accepted }),
            ("agora_pool_max_workers_reached_total", "Times every worker was busy at max_workers.", { $0.maxChildrenReached }),
            ("agora_pool_restarts_total", "Workers that died unasked and were replaced.", { $0.restarts }),
            ("agora_pool_recycles_total", "Workers recycled at max_requests or max_memory_mb.", { $0.recycles }),
            ("agora_pool_timeouts_total", "Workers killed past request_timeout.", { $0.timeouts }),
            ("agora_pool_slow_requests_total", "Requests that took slow_request or longer.", { $0.slowRequests }),
            ("agora_pool_start_failures_total", "Workers that failed to start.", { $0.startFailures }),
            ("agora_pool_breaker_trips_total", "Times a crash storm marked the function failed.", { $0.breakerTrips }),
        ]
        for (name, help, value) in counters {
            out.family(name, "counter", help)
            for pool in active { out.sample(name, [("function", pool.name)], Double(value(pool.counters))) }
        }
        out.family("agora_pool_worker_resident_bytes", "gauge", "Resident memory of a function's workers, summed.")
        for pool in active {
            var bytes = 0
            for worker in pool.workers where !worker.hasExited {
                if let rss = ProcessMemory.residentKB(pid: worker.pid) { worker.rssKB = rss }
                bytes += (worker.rssKB ?? 0) * 1024
            }
            out.sample("agora_pool_worker_resident_bytes", [("function", pool.name)], Double(bytes))
        }
    }

    static func labels(_ function: String, _ key: RouteKey) -> [(String, String)] {
        [("function", function), ("route", key.route), ("method", key.method)]
    }
}

/// A connection on `metrics.sock` whose request is still arriving.
struct MetricsClient {
    let fd: Int32
    let deadline: Double
    var received: [UInt8] = []
}

/// Prometheus's text exposition format: `# HELP` and `# TYPE` once per family, then samples
/// whose label values are escaped (backslash, double quote, newline).
struct MetricsWriter {
    private(set) var text = ""

    mutating func family(_ name: String, _ type: String, _ help: String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.0)=\"\(MetricsWriter.escape($0.1))\"" }.joined(separator: ",") + "}"
        }
        text += " " + MetricsWriter.number(value) + "\n"
    }

    static func escape(_ value: String) -> String {
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Integers without a fraction, others as Swift prints them (both are valid Go floats).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
