import AgoraCore
import Glibc

/// Resident memory of a process, from `/proc/<pid>/statm`.
enum ProcessMemory {
    static let pageKB = max(1, sysconf(Int32(_SC_PAGESIZE)) / 1024)

    /// Resident set size in KiB, or `nil` when the process is gone.
    static func residentKB(pid: pid_t) -> Int? {
        guard let bytes = try? Posix.readFile("/proc/\(pid)/statm") else { return nil }
        let fields = bytes.split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * pageKB
    }
}
