public import AgoraPostgres
import AgoraCore
import Glibc

/// `agora media gc`: removes files under `MEDIA_ROOT/videos/` that no video row names: a file
/// whose worker died between the copy and the insert, a temporary file of a worker killed
/// while copying, a file whose row went with a deleted user. Only files untouched for `grace`
/// seconds are considered, so an upload in progress (its temporary file still growing, or its
/// row about to be inserted) is never taken.
public struct MediaCollector {
    public let mediaRoot: String
    public let grace: Int64

    public init(mediaRoot: String, grace: Int64) {
        self.mediaRoot = mediaRoot
        self.grace = grace
    }

    /// Removes the orphans and returns their names, sorted.
    public func collect(_ db: PostgresConnection) throws -> [String] {
        let directory = MediaStore(root: mediaRoot).directory
        guard access(directory, F_OK) == 0 else { return [] }
        let names = try Posix.listDirectory(directory)
        let now = Int64(time(nil))
        var candidates: [String] = []
        for name in names {
            var info = stat()
            guard lstat(directory + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            if now - Int64(info.st_mtim.tv_sec) >= grace { candidates.append(name) }
        }
        var removed: [String] = []
        var start = 0
        while start < candidates.count {
            let batch = Array(candidates[start..<min(start + 1000, candidates.count)])
            start += batch.count
            var kept = Set<String>()
            for row in try db.query("SELECT file_name FROM videos WHERE file_name = ANY(\(batch))") {
                kept.insert(try row.value("file_name"))
            }
            for name in batch where !kept.contains(name) {
                if unlink(directory + "/" + name) == 0 { removed.append(name) }
            }
        }
        return removed.sorted()
    }
}
