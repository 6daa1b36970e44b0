#if canImport(Glibc)
internal import Glibc
#endif

/// Whole-file reads over POSIX (no Foundation), retrying on EINTR.
public enum FileIO {
    /// The contents of `path`, or nil when it cannot be opened or read.
    public static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readAll(fd: fd)
    }

    /// Everything readable from `fd` until end of file.
    public static func readAll(fd: Int32) -> [UInt8]? {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return out }
            out.append(contentsOf: chunk[0..<count])
        }
    }
}
