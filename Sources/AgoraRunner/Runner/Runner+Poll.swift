import AgoraCore
import Glibc

extension Runner {
    /// One wait for events, and their dispatch.
    func pollOnce() {
        var targets: [PollTarget] = [.control, .status, .metrics]
        var fds = [
            pollfd(fd: control.readFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: statusListener.fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: metricsListener.fd, events: Int16(POLLIN), revents: 0),
        ]
        let now = Monotonic.now()
        expireMetricsClients(now: now)
        for client in metricsClients {
            targets.append(.metricsClient(client.fd))
            fds.append(pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0))
        }
        for pool in pools {
            for worker in pool.workers {
                for (index, pipe) in worker.pipes.enumerated() where pipe.fd >= 0 {
                    targets.append(.pipe(worker, pool, index))
                    fds.append(pollfd(fd: pipe.fd, events: Int16(POLLIN), revents: 0))
                }
            }
            if stopDeadline == nil, pool.watchesSocket(now: now) {
                targets.append(.socket(pool))
                fds.append(pollfd(fd: pool.listener.fd, events: Int16(POLLIN), revents: 0))
            }
        }
        let ready = poll(&fds, nfds_t(fds.count), Int32(options.tick * 1000))
        guard ready > 0 else { return }
        let woke = Monotonic.now()
        // Worker pipes first, so that a status answered in the same round includes their news.
        for (index, entry) in fds.enumerated() where entry.revents != 0 {
            if case .pipe(let worker, let pool, let pipe) = targets[index] { readPipe(pipe, of: worker, in: pool, now: woke) }
        }
        var onlyPipes = true
        for (index, entry) in fds.enumerated() where entry.revents != 0 {
            switch targets[index] {
            case .control: handleCommands(now: woke); onlyPipes = false
            case .status: serveStatus(now: woke); onlyPipes = false
            case .metrics: serveMetrics(now: woke); onlyPipes = false
            case .metricsClient(let fd): readMetricsClient(fd, now: woke); onlyPipes = false
            case .pipe: break
            case .socket(let pool):
                pool.waiting = max(1, probe.queueLength(inode: pool.listener.inode) ?? 1)
                onlyPipes = false
            }
        }
        if onlyPipes, options.coalesce > 0, stopDeadline == nil {
            usleep(UInt32(options.coalesce * 1_000_000))
        }
    }

    func handleCommands(now: Double) {
        for command in control.receive() {
            switch command {
            case .stop: beginStop(now: now)
            case .reload: reload(now: now)
            case .childExited: reapDue = true
            }
        }
    }

    /// Reads what a worker wrote on one pipe; at end of file, flushes and closes it.
    func readPipe(_ index: Int, of worker: WorkerProcess, in pool: FunctionPool, now: Double) {
        for _ in 0..<16 {
            let fd = worker.pipes[index].fd
            guard fd >= 0 else { return }
            switch Posix.read(fd, into: &pipeBuffer) {
            case .data(let count):
                for line in worker.pipes[index].buffer.append(pipeBuffer[0..<count]) {
                    handleLine(line, kind: worker.pipes[index].kind, of: worker, in: pool, now: now)
                }
            case .wouldBlock:
                return
            case .endOfFile:
                if let rest = worker.pipes[index].buffer.flush() {
                    handleLine(rest, kind: worker.pipes[index].kind, of: worker, in: pool, now: now)
                }
                close(fd)
                worker.pipes[index].fd = -1
                reapDue = true
                return
            }
        }
    }

    func handleLine(_ line: [UInt8], kind: WorkerProcess.Pipe.Kind, of worker: WorkerProcess, in pool: FunctionPool, now: Double) {
        switch kind {
        case .status:
            if let message = WorkerMessage(line: line) {
                handle(message, from: worker, in: pool, now: now)
            } else {
                logger.debug("unknown status line", metadata: ["function": .string(pool.name), "line": .string(String(decoding: line, as: UTF8.self))])
            }
        case .stdout, .stderr:
            forward(line, kind: kind, of: worker, in: pool)
        }
    }

    /// Re-emits a worker's output line as JSON tagged with function and pid: a JSON object keeps
    /// its fields (tags added where absent), anything else becomes `line`.
    func forward(_ line: [UInt8], kind: WorkerProcess.Pipe.Kind, of worker: WorkerProcess, in pool: FunctionPool) {
        guard !line.isEmpty else { return }
        // Our workers' lines already carry their function and pid: pass them through unparsed.
        if Runner.isTaggedObject(line) {
            options.logSink.write(line: line)
            return
        }
        if line.first == UInt8(ascii: "{"), case .object(var fields)? = try? JSON.parse(line) {
            fields["function"] = fields["function"] ?? .string(pool.name)
            fields["pid"] = fields["pid"] ?? .int(Int64(worker.pid))
            options.logSink.write(.object(fields))
        } else {
            options.logSink.write([
                "function": .string(pool.name), "pid": .int(Int64(worker.pid)), "stream": .string(kind.rawValue),
                "line": .string(String(decoding: line, as: UTF8.self)),
            ])
        }
    }

    static let pidTag = Array(#""pid":"#.utf8)
    static let functionTag = Array(#""function":"#.utf8)

    /// A one-line JSON object that names its pid and function (what AgoraRuntime writes).
    static func isTaggedObject(_ line: [UInt8]) -> Bool {
        guard line.first == UInt8(ascii: "{"), line.last == UInt8(ascii: "}") else { return false }
        return line.firstRange(of: pidTag) != nil && line.firstRange(of: functionTag) != nil
    }
}
