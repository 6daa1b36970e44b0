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
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot open \(path)") }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("cannot read \(path)")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PostgresError(code: .migration, message: "\(path) is not UTF-8")
        }
        return text
    }

    private static func failure(_ what: String) -> PostgresError {
        PostgresError(code: .migration, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
