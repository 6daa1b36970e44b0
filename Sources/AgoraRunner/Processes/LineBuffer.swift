/// Splits a byte stream into lines; a line longer than `limit` is cut into pieces so that a
/// worker writing without newlines cannot grow the runner's memory.
struct LineBuffer {
    private(set) var pending: [UInt8] = []
    let limit: Int

    init(limit: Int = 65_536) {
        self.limit = limit
    }

    /// Appends bytes and returns the lines they complete, without `\n` or a trailing `\r`.
    mutating func append(_ bytes: ArraySlice<UInt8>) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        for byte in bytes {
            if byte == 0x0A {
                if pending.last == 0x0D { pending.removeLast() }
                lines.append(pending)
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
                if pending.count >= limit {
                    lines.append(pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
        }
        return lines
    }

    /// The unterminated rest, if any (at end of stream).
    mutating func flush() -> [UInt8]? {
        guard !pending.isEmpty else { return nil }
        defer { pending.removeAll() }
        return pending
    }
}
