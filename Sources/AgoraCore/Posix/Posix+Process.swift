internal import Glibc

extension Posix {
    /// Runs `executable` with `arguments` to completion, as `$(...)` in a shell would: stdin is
    /// /dev/null, stdout is captured, stderr is this process's own (so its messages reach the
    /// person who ran us). Returns the exit status (128 + the signal for a killed child).
    public static func run(_ executable: String, arguments: [String] = []) throws(SystemError) -> (status: Int32, output: [UInt8]) {
        let out = try pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out.write, 1)
        var pid: pid_t = 0
        let spawned = withCStrings([executable] + arguments) { argv in
            posix_spawn(&pid, executable, &actions, nil, argv, environ)
        }
        close(out.write)
        guard spawned == 0 else {
            close(out.read)
            throw SystemError("spawn \(executable)", code: spawned)
        }
        let output: [UInt8]
        do {
            output = try readAll(fd: out.read)
        } catch {
            close(out.read)
            _ = waitExit(pid)
            throw error
        }
        close(out.read)
        return (waitExit(pid), output)
    }

    /// Waits for a child and decodes its status: the exit code, or 128 + the signal that ended it.
    private static func waitExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Calls `body` with a NULL-terminated array of C strings (an `argv` or `envp`), freed after.
    public static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}
