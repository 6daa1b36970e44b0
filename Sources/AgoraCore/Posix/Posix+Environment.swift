internal import Glibc

extension Posix {
    /// The process environment as a dictionary, read from `environ`.
    public static func environment() -> [String: String] {
        var entries: [String] = []
        // Optional: `environ` is NULL after `clearenv()`.
        let table: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        var index = 0
        while let entry = table?[index] {
            entries.append(String(cString: entry))
            index += 1
        }
        return parseEnvironment(entries)
    }

    /// `KEY=value` entries as a dictionary: the value is everything after the first `=`, an
    /// entry without `=` is skipped, and a later entry of the same key wins.
    public static func parseEnvironment(_ entries: some Sequence<String>) -> [String: String] {
        var result: [String: String] = [:]
        for entry in entries {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else { continue }
            result[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        return result
    }
}
