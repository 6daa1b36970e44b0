import Glibc

/// A started worker process and the runner's ends of its pipes (non-blocking, close-on-exec).
struct SpawnedWorker {
    let pid: pid_t
    let stdout: Int32
    let stderr: Int32
    let status: Int32
    /// The worker's scoreboard, mapped by the runner (the worker maps the same memfd as fd 4).
    let scoreboard: Scoreboard?
}
