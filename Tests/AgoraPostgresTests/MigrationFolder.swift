#if canImport(Glibc)
import Glibc
#endif

/// A temporary folder of migration files, removed by `remove()`.
struct MigrationFolder {
    let path: String

    init() throws {
        var template = Array("/tmp/agora-migrations-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard let created else {
            throw TestDatabase.TestSkipped()
        }
        path = String(cString: created)
    }

    func write(_ name: String, _ text: String) throws {
        guard let file = fopen(path + "/" + name, "w") else { throw TestDatabase.TestSkipped() }
        defer { fclose(file) }
        fputs(text, file)
    }

    func remove() {
        guard let stream = opendir(path) else { return }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(stream)
        for name in names { unlink(path + "/" + name) }
        rmdir(path)
    }
}
