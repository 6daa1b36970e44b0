/// Request headers with case-insensitive names (stored lowercased, ASCII letters only, as RFC
/// 9110 folds field names), in the order received. A request carries a handful: a list searched
/// byte by byte costs less than hashing every name into a dictionary, which the worker once did
/// for every header of every request. A name sent twice is kept twice (appending stays O(1)
/// however many headers come); a read finds the last, as the dictionary kept the last.
public struct Headers: Sendable, Sequence {
    private var storage: [(key: String, value: String)] = []

    public init() {}

    public init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { self[name] = value }
    }

    public subscript(name: String) -> String? {
        get { storage.last { Headers.same($0.key, name) }?.value }
        set {
            storage.removeAll { Headers.same($0.key, name) }
            if let newValue { storage.append((Headers.lowercased(name), newValue)) }
        }
    }

    /// Appends a header whose name is already lowercased (the transports, which build each
    /// name from bytes).
    mutating func appendLowercased(_ name: String, _ value: String) {
        storage.append((name, value))
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: String)]> { storage.makeIterator() }

    /// Whether a stored (lowercased) name is `name` in any ASCII case, without allocating.
    static func same(_ stored: String, _ name: String) -> Bool {
        let a = stored.utf8, b = name.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { $0 == lower($1) }
    }

    /// A-Z to a-z; every other byte (non-ASCII included) as it is.
    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 { byte &- 65 < 26 ? byte | 0x20 : byte }

    static func lowercased(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 &- 65 < 26 }) else { return name }
        return String(decoding: name.utf8.map(lower), as: UTF8.self)
    }
}
