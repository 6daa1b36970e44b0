internal import Glibc

/// The one layer over POSIX calls (files, descriptors, the environment, child processes) that
/// every module uses; each call that can fail throws a `SystemError` recording `errno`.
public enum Posix {
    /// The whole contents of a file, retrying on EINTR.
    public static func readFile(_ path: String) throws(SystemError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open \(path)") }
        defer { close(fd) }
        return try readToEnd(fd, naming: path)
    }

    /// Everything readable from `fd` until end of file (stdin for local invocation and CGI).
    public static func readAll(fd: Int32) throws(SystemError) -> [UInt8] {
        try readToEnd(fd, naming: fd == 0 ? "stdin" : "fd \(fd)")
    }

    private static func readToEnd(_ fd: Int32, naming name: String) throws(SystemError) -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                out.append(contentsOf: chunk[0..<count])
                continue
            }
            if count == 0 { return out }
            if errno == EINTR { continue }
            throw SystemError("read \(name)")
        }
    }

    /// The names in `directory`, without `.` and `..`, unsorted.
    public static func listDirectory(_ directory: String) throws(SystemError) -> [String] {
        guard let stream = opendir(directory) else { throw SystemError("opendir \(directory)") }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The directory of the running executable (from /proc/self/exe), where the `agora-<function>`
    /// binaries are installed next to `agora`; "." when it cannot be told.
    public static func executableDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "." }
        let path = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Whether `path` is a file this process may execute.
    public static func isExecutable(_ path: String) -> Bool {
        access(path, X_OK) == 0
    }
}
