import AgoraCore
import Glibc

/// File helpers for tests (no Foundation).
enum TestFiles {
    static func write(_ path: String, _ text: String, mode: mode_t = 0o644) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { return }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        chmod(path, mode)
    }

    /// The file as text; empty when it cannot be read.
    static func read(_ path: String) -> String {
        String(decoding: (try? Posix.readFile(path)) ?? [], as: UTF8.self)
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func temporaryDirectory() -> String {
        var template = Array("/tmp/agora-runner-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, let made = mkdtemp(base) else { return "/tmp/agora-runner-failed" }
            return String(cString: made)
        }
    }

    /// `rm -rf` of a directory the test made.
    static func removeTree(_ path: String) {
        guard path.hasPrefix("/tmp/agora-runner-") else { return }
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard name != ".", name != ".." else { continue }
                let child = path + "/" + name
                var info = stat()
                if lstat(child, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                    removeTree(child)
                } else {
                    unlink(child)
                }
            }
            closedir(directory)
        }
        rmdir(path)
    }

    /// Whether a process with this pid exists and carries `marker` in its environment (so that a
    /// recycled pid is never mistaken for one of ours).
    static func isOurs(_ pid: pid_t, marker: String) -> Bool {
        read("/proc/\(pid)/environ").contains(marker)
    }
}
