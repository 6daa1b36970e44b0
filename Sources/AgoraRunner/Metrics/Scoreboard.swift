import CScoreboard
import Glibc

/// The runner's mapping of one worker's scoreboard (see `scoreboard.h`): read at each turn of
/// the loop for the worker's state, and at `/metrics` and at the worker's exit for its counters.
final class Scoreboard {
    let board: UnsafeMutablePointer<agora_scoreboard>

    init?(fd: Int32) {
        guard let board = agora_sb_map(fd) else { return nil }
        self.board = board
    }

    deinit { agora_sb_unmap(board) }

    /// The worker's live state, consistent; `nil` if it kept changing while read (try next turn).
    func live() -> agora_sb_live? {
        var live = agora_sb_live()
        return agora_sb_read_live(board, &live) == 1 ? live : nil
    }

    /// The route label `index` as the worker wrote it: (method, route).
    func label(_ index: Int) -> (method: String, route: String) {
        var bytes = [CChar](repeating: 0, count: Int(AGORA_SB_LABEL))
        bytes.withUnsafeMutableBufferPointer { agora_sb_copy_label(board, UInt32(index), $0.baseAddress) }
        let text = String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let space = text.firstIndex(of: " ") else { return ("-", text) }
        return (String(text[..<space]), String(text[text.index(after: space)...]))
    }

    /// The counters of every label that has any, added into `totals` under the worker's labels.
    func addCounters(into totals: inout [RouteKey: RouteCounters]) {
        guard agora_sb_used(board) == 1 else { return }
        var numbers = [UInt64](repeating: 0, count: Int(AGORA_SB_COUNTERS))
        for index in 0..<Int(agora_sb_label_count(board)) {
            numbers.withUnsafeMutableBufferPointer { agora_sb_copy_route(board, UInt32(index), $0.baseAddress) }
            let counters = RouteCounters(numbers)
            guard counters.total > 0 else { continue }
            let (method, route) = label(index)
            totals[RouteKey(method: method, route: route), default: RouteCounters()].add(counters)
        }
    }
}

/// A metric series' route labels.
struct RouteKey: Hashable, Comparable {
    let method: String
    let route: String

    static func < (a: RouteKey, b: RouteKey) -> Bool { (a.route, a.method) < (b.route, b.method) }
}

/// One route's request counters: by status, by duration bucket, the duration's sum, aborts.
struct RouteCounters {
    var status = [UInt64](repeating: 0, count: Int(AGORA_SB_STATUSES))
    var buckets = [UInt64](repeating: 0, count: Int(AGORA_SB_BUCKETS))
    var durationMicroseconds: UInt64 = 0
    var aborts: UInt64 = 0

    init() {}

    /// From `agora_sb_copy_route`'s numbers.
    init(_ numbers: [UInt64]) {
        let statuses = Int(AGORA_SB_STATUSES), buckets = Int(AGORA_SB_BUCKETS)
        status = Array(numbers[0..<statuses])
        self.buckets = Array(numbers[statuses..<statuses + buckets])
        durationMicroseconds = numbers[statuses + buckets]
        aborts = numbers[statuses + buckets + 1]
    }

    var total: UInt64 { status.reduce(0, &+) }

    mutating func add(_ other: RouteCounters) {
        for i in status.indices { status[i] &+= other.status[i] }
        for i in buckets.indices { buckets[i] &+= other.buckets[i] }
        durationMicroseconds &+= other.durationMicroseconds
        aborts &+= other.aborts
    }

    /// The status code counted at `index`, or `nil` for the last ("other").
    static func statusCode(_ index: Int) -> Int? {
        index < Int(AGORA_SB_STATUSES) - 1 ? Int(agora_sb_status_code(UInt32(index))) : nil
    }

    /// The buckets' upper bounds in seconds.
    static let bucketBounds: [Double] = (0..<Int(AGORA_SB_BUCKETS)).map { Double(agora_sb_bucket_bound_us(UInt32($0))) / 1_000_000 }
}
