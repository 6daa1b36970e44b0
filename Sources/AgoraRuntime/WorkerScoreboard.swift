import AgoraCore
import CScoreboard

#if canImport(Glibc)
import Glibc
#endif

/// The worker's side of the runner's shared-memory scoreboard (fd `AGORA_SCOREBOARD_FD`): the
/// state the runner shows and plans with, and the counters `/metrics` reports, written with
/// plain stores, so that a request costs no system call and does not wake the runner. Without
/// the descriptor (a worker run by hand, `invoke`, CGI) every call does nothing.
struct WorkerScoreboard {
    let board: UnsafeMutablePointer<agora_scoreboard>

    /// Maps the board and writes the route labels (`METHOD template`, label 0 for requests no
    /// route matched); `nil` without a usable descriptor.
    init?(environment: [String: String], routes: [(method: String, template: String)]) {
        guard let text = environment["AGORA_SCOREBOARD_FD"], let fd = Int32(text), fd > 2, fcntl(fd, F_GETFD) != -1,
              let board = agora_sb_map(fd)
        else { return nil }
        close(fd)
        self.board = board
        let slowMS = environment["AGORA_SLOW_REQUEST_MS"].flatMap(UInt32.init) ?? 0
        // AGORA_METRICS=0 keeps the state only: what the benchmark compares counting against.
        agora_sb_init(board, slowMS.multipliedReportingOverflow(by: 1000).overflow ? 0 : slowMS * 1000,
                      environment["AGORA_METRICS"] == "0" ? 0 : 1)
        agora_sb_set_label(board, 0, WorkerScoreboard.unmatchedLabel)
        for (index, route) in routes.enumerated() where index + 1 < Int(AGORA_SB_ROUTES) {
            agora_sb_set_label(board, UInt32(index + 1), "\(route.method) \(route.template)")
        }
    }

    static let unmatchedLabel = "- unmatched"

    /// The label of a matched route (by its index in the table), 0 for none.
    static func label(routeIndex: Int?) -> UInt32 {
        guard let routeIndex, routeIndex + 1 < Int(AGORA_SB_ROUTES) else { return 0 }
        return UInt32(routeIndex + 1)
    }

    func ready() { agora_sb_ready(board, Clock.monotonicNanoseconds()) }

    func begin(label: UInt32, method: String, at now: UInt64) {
        agora_sb_begin(board, label, method, now)
    }

    func end(status: Int, durationNanoseconds: UInt64, aborted: Bool, at now: UInt64) {
        agora_sb_end(board, UInt32(clamping: status), durationNanoseconds / 1000, aborted ? 1 : 0, now)
    }
}
