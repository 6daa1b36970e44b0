import AgoraCore

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The few file operations the migrator needs, with errors that record `errno`.
enum POSIXFiles {
    /// The names in `directory`, without `.` and `..`, unsorted.
    static func list(_ directory: String) throws(PostgresError) -> [String] {
        guard let stream = opendir(directory) else { throw failure("cannot open directory \(directory)") }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The whole file as UTF-8 text.
    static func readText(_ path: String) throws(PostgresError) -> String {
        guard let bytes = FileIO.read(path) else { throw failure("cannot read \(path)") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PostgresError(code: .migration, message: "\(path) is not UTF-8")
        }
        return text
    }

    private static func failure(_ what: String) -> PostgresError {
        PostgresError(code: .migration, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
