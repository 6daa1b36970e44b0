import AgoraCore
import CScoreboard
import Glibc

/// Starts worker processes with `posix_spawn` (never a fork of the runner): the listening socket
/// as fd 0, stdout and stderr as pipes, the status pipe as fd 3, nothing else inherited.
enum WorkerSpawner {
    /// The signals a worker starts with at their default action, whatever the runner does with them.
    static let resetSignals: [Int32] = [SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGPIPE, SIGUSR1, SIGUSR2, SIGQUIT]

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+) is hidden from Swift behind
    /// _GNU_SOURCE; looked up at run time, and skipped where missing (our descriptors are
    /// close-on-exec anyway; this also closes any a library opened without it).
    private static let closeFrom: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    /// Spawns `executable` with `environment` (`KEY=value` strings).
    static func spawn(executable: String, environment: [String], listenFD: Int32, logFD: Int32) throws(SystemError) -> SpawnedWorker {
        var opened: [Int32] = []
        defer { opened.forEach { close($0) } }
        let out = try Posix.privatePipe()
        opened += [out.read, out.write]
        let err = try Posix.privatePipe()
        opened += [err.read, err.write]
        let status = try Posix.privatePipe()
        opened += [status.read, status.write]
        let created = agora_sb_create("agora-scoreboard")
        guard created >= 0 else { throw SystemError("memfd_create") }
        let board = try Posix.moveHigh(created)
        opened.append(board)
        guard let scoreboard = Scoreboard(fd: board) else { throw SystemError("mmap scoreboard") }
        // A copy above the numbers being set: the runner's log is often fd 2, which the
        // worker's stderr pipe replaces first.
        let log = fcntl(logFD, F_DUPFD_CLOEXEC, Posix.firstPrivateFD)
        guard log >= 0 else { throw SystemError("fcntl F_DUPFD_CLOEXEC (log)") }
        opened.append(log)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, listenFD, 0)
        posix_spawn_file_actions_adddup2(&actions, out.write, 1)
        posix_spawn_file_actions_adddup2(&actions, err.write, 2)
        posix_spawn_file_actions_adddup2(&actions, status.write, 3)
        posix_spawn_file_actions_adddup2(&actions, board, 4)
        posix_spawn_file_actions_adddup2(&actions, log, 5)
        if let closeFrom { _ = closeFrom(&actions, 6) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in resetSignals { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // Its own process group: a terminal's Ctrl-C reaches the runner only, which then stops
        // the workers gracefully instead of the terminal killing them mid-request.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var pid: pid_t = 0
        let result = Posix.withCStrings([executable]) { argv in
            Posix.withCStrings(environment) { envp in
                posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            }
        }
        guard result == 0 else { throw SystemError("spawn \(executable)", code: result) }
        opened = [out.write, err.write, status.write, board, log]
        for fd in [out.read, err.read, status.read] { Posix.setNonBlocking(fd) }
        return SpawnedWorker(pid: pid, stdout: out.read, stderr: err.read, status: status.read, scoreboard: scoreboard)
    }

    /// The runner's environment for a worker of `function`, with the runner's own variables set.
    /// The per-worker limits (`AGORA_MAX_REQUESTS`, `AGORA_MAX_MEMORY_MB`) are added at spawn.
    /// What only operators and tests use, never a worker: the database owner's and the
    /// superuser's URLs (a worker holding them could change the schema).
    static let withheld = ["MIGRATION_DATABASE_URL", "PG_ADMIN_URL", "AGORA_TEST_OWNER_DATABASE_URL"]

    static func environment(function: String, extra: [String: String]) -> [String] {
        var variables = Posix.environment()
        variables["AGORA_MAX_REQUESTS"] = nil
        variables["AGORA_MAX_MEMORY_MB"] = nil
        for name in withheld { variables[name] = nil }
        variables.merge(extra) { _, new in new }
        variables["AGORA_FUNCTION"] = function
        variables["AGORA_STATUS_FD"] = "3"
        variables["AGORA_SCOREBOARD_FD"] = "4"
        variables["AGORA_LOG_FD"] = "5"
        return variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }
}
