import AgoraLogging
import AgoraCore
import Glibc
import Testing

@testable import AgoraRunner

/// Why a harness wait failed, with the last status seen.
struct HarnessTimeout: Error, CustomStringConvertible {
    let what: String
    let status: String
    var description: String { "timed out waiting for \(what); last status: \(status)" }
}

/// A runner on its own thread, in a fresh temporary directory, with bash scripts (or real
/// binaries) as workers. `stop()` stops it and kills by pid anything it started that survived.
final class RunnerHarness: @unchecked Sendable {
    let root: String
    let runner: Runner
    let marker: String
    private let logFD: Int32
    private var thread: TestThread?
    private var seen: Set<pid_t> = []

    var binDirectory: String { root + "/bin" }
    var socketDirectory: String { root + "/sock" }
    var manifestPath: String { root + "/functions.json" }
    var logPath: String { root + "/runner.log" }

    /// Writes the manifest and a `bin/agora-<name>` bash script per entry of `scripts`.
    /// `links` become symlinks `bin/agora-<name>` → path (real binaries next to test scripts).
    init(manifest: String, scripts: [String: String] = [:], links: [String: String] = [:], binDirectory: String? = nil,
         configure: (inout RunnerOptions) -> Void = { _ in }) throws {
        root = TestFiles.temporaryDirectory()
        marker = "AGORA_TEST_ROOT=\(root)"
        mkdir(root + "/bin", 0o755)
        TestFiles.write(root + "/functions.json", manifest)
        for (name, script) in scripts {
            TestFiles.write(root + "/bin/agora-\(name)", "#!/bin/bash\n" + script + "\n", mode: 0o755)
        }
        for (name, target) in links { symlink(target, root + "/bin/agora-\(name)") }
        logFD = open(root + "/runner.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        var options = RunnerOptions(
            manifestPath: root + "/functions.json", socketDirectory: root + "/sock",
            binDirectory: binDirectory ?? root + "/bin")
        options.logSink = LogSink(fd: logFD)
        options.grace = 2
        options.tick = 0.05
        options.environment = ["AGORA_TEST_ROOT": root]
        configure(&options)
        runner = try Runner(options: options)
        let runner = self.runner
        thread = TestThread { runner.run() }
    }

    deinit {
        stop()
        close(logFD)
        TestFiles.removeTree(root)
    }

    /// Stops the runner, waits for its loop to return, then SIGKILLs any of our pids still alive.
    func stop() {
        guard let thread else { return }
        runner.control.send(.stop)
        thread.join()
        self.thread = nil
        for pid in seen where kill(pid, 0) == 0 && TestFiles.isOurs(pid, marker: marker) {
            kill(pid, SIGKILL)
        }
    }

    func status() throws -> JSON {
        let status = try StatusClient.fetch(socketPath: socketDirectory + "/runner.sock")
        for function in (status["functions"]?.objectValue ?? [:]).values {
            for worker in function["workers"]?.arrayValue ?? [] {
                if let pid = worker["pid"]?.intValue { seen.insert(pid_t(pid)) }
            }
        }
        return status
    }

    /// Polls the status socket until `predicate` holds for it; throws with the last status.
    @discardableResult
    func wait(for what: String, timeout: Double = 5, _ predicate: (JSON) -> Bool) throws -> JSON {
        let deadline = Monotonic.now() + timeout
        var last = try status()
        while !predicate(last) {
            guard Monotonic.now() < deadline else { throw HarnessTimeout(what: what, status: last.text) }
            usleep(20_000)
            last = try status()
        }
        return last
    }

    /// The runner's log, one parsed JSON object per line.
    func logLines() -> [JSON] {
        TestFiles.read(logPath).split(separator: "\n").compactMap { try? JSON.parse(String($0)) }
    }

    func rewriteManifest(_ text: String) {
        TestFiles.write(manifestPath, text)
    }
}

extension JSON {
    /// `status.function("a")` → the function's status object.
    func function(_ name: String) -> JSON { self["functions"]?[name] ?? .null }
    /// An integer field, or -1.
    func int(_ key: String) -> Int { Int(self[key]?.intValue ?? -1) }
    var workerPIDs: [pid_t] { (self["workers"]?.arrayValue ?? []).compactMap { $0["pid"]?.intValue }.map { pid_t($0) } }
}
