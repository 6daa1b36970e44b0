import Glibc

/// A bounded load: `clients` threads, each sending `requests` GETs one after another.
final class Load: @unchecked Sendable {
    /// One client's results, written only by its own thread, read after `finish()`.
    final class Tally: @unchecked Sendable {
        var statuses: [Int] = []
        var failures: [String] = []
        var bodies: [String] = []
    }

    private var threads: [TestThread] = []
    private var tallies: [Tally] = []

    init(clients: Int, requests: Int, socket: String, path: String, query: String = "", pause: UInt32 = 0) {
        for _ in 0..<clients {
            let tally = Tally()
            tallies.append(tally)
            threads.append(TestThread {
                for _ in 0..<requests {
                    do {
                        let response = try FastCGIClient.get(socket: socket, path: path, query: query, timeout: 10)
                        tally.statuses.append(response.status)
                        tally.bodies.append(response.body)
                    } catch {
                        tally.failures.append("\(error)")
                    }
                    if pause > 0 { usleep(pause) }
                }
            })
        }
    }

    /// Waits for every client; returns all statuses, all failures and all bodies.
    func finish() -> (statuses: [Int], failures: [String], bodies: [String]) {
        threads.forEach { $0.join() }
        threads.removeAll()
        return (tallies.flatMap(\.statuses), tallies.flatMap(\.failures), tallies.flatMap(\.bodies))
    }
}
