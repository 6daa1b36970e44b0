import AgoraCore
import Glibc

/// The request body nginx wrote to a file (`client_body_in_file_only`), opened read-only. Only a
/// path whose real path lies inside nginx's client-body directory (`CLIENT_BODY_DIR`) is ever
/// opened: any other path (`/etc/passwd`, a symlink out, a relative path) is 400 before `open`.
/// nginx deletes the file when the request ends, so nothing here removes it.
final class BodyFile {
    let fd: Int32
    let size: Int64

    /// Opens `path` if it is a regular file inside `directory`; 400 otherwise.
    init(path: String, inside directory: String?) throws(APIError) {
        guard let directory, let root = BodyFile.realPath(directory), let real = BodyFile.realPath(path),
              real.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            throw APIError.badRequest("The request body file is not in the upload directory.")
        }
        let fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw APIError.badRequest("The request body file cannot be read.") }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw APIError.badRequest("The request body file is not a regular file.")
        }
        self.fd = fd
        self.size = Int64(info.st_size)
    }

    deinit { close(fd) }

    /// Up to `count` bytes at `offset` (fewer at the end of the file).
    func read(at offset: Int64, count: Int) throws -> [UInt8] {
        guard count > 0, offset < size else { return [] }
        let wanted = Int(min(Int64(count), size - offset))
        var bytes = [UInt8](repeating: 0, count: wanted)
        let got = try bytes.withUnsafeMutableBytes { buffer in try read(into: buffer, at: offset) }
        if got < wanted { bytes.removeSubrange(got...) }
        return bytes
    }

    /// Fills `buffer` from `offset` as far as the file goes; the number of bytes read.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let count = pread(fd, base + done, buffer.count - done, off_t(offset) + off_t(done))
            if count > 0 { done += count; continue }
            if count == 0 { break }
            if errno == EINTR { continue }
            throw SystemError("pread request body")
        }
        return done
    }

    /// The whole file, for a JSON body, held to `limit` bytes (413 above).
    func readAll(limit: Int) throws -> [UInt8] {
        guard size <= Int64(limit) else { throw APIError.payloadTooLarge }
        return try read(at: 0, count: Int(size))
    }

    static func realPath(_ path: String) -> String? {
        guard path.hasPrefix("/"), let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
