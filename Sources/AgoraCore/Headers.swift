/// Request headers with case-insensitive names (stored lowercased).
public struct Headers: Sendable, Sequence {
    private var storage: [String: String] = [:]

    public init() {}

    public init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { self[name] = value }
    }

    public subscript(name: String) -> String? {
        get { storage[name.lowercased()] }
        set { storage[name.lowercased()] = newValue }
    }

    public func makeIterator() -> Dictionary<String, String>.Iterator { storage.makeIterator() }
}
