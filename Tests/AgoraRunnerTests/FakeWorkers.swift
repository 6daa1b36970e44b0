/// Bash scripts that speak the worker side of the status pipe, for tests of the runner alone.
enum FakeWorkers {
    /// Ready, then idle until signalled.
    static let idle = "echo R >&3\nexec sleep 1000"
    /// Dies before it is ready.
    static let crashAtStart = "exit 3"
    /// Ready, then stuck in a request, deaf to SIGTERM (as a libfcgi worker in a handler).
    static let stuck = "trap '' TERM\necho R >&3\necho 'B GET /api/stuck/' >&3\nexec sleep 1000"
    /// Ready and deaf to SIGTERM while idle.
    static let deaf = "trap '' TERM\necho R >&3\nexec sleep 1000"
    /// Ready, then one request of 400 ms.
    static let slow = "echo R >&3\necho 'B GET /api/slow/' >&3\nsleep 0.4\necho 'I 200 400' >&3\nexec sleep 1000"
    /// Ready, then three quick requests.
    static let threeRequests = "echo R >&3\nfor i in 1 2 3; do echo 'B GET /a/' >&3; echo 'I 200 1' >&3; done\nexec sleep 1000"
    /// Ready and busy at once (so a dynamic pool keeps growing).
    static let busy = "echo R >&3\necho 'B GET /api/busy/' >&3\nexec sleep 1000"
    /// Holds about 40 MB in a shell variable, serves one request, stays alive with it.
    static let memoryHog = """
        s=$(head -c 40000000 /dev/zero | tr '\\0' a)
        echo R >&3
        echo 'B GET /api/memory/' >&3
        echo 'I 200 5' >&3
        while true; do sleep 0.1; done
        """
    /// Writes a plain line and a JSON line, then idles.
    static let chatty = "echo plain text\necho '{\"msg\":\"from worker\",\"level\":\"info\"}' >&2\necho R >&3\nexec sleep 1000"
}
