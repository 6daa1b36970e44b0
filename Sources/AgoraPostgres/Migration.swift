import AgoraCore

/// One migration file, `NNNN_name.sql`: version NNNN, applied in ascending version order.
public struct Migration: Sendable, Hashable {
    /// The number before the first underscore (`1` for `0001_core.sql`).
    public let version: Int
    /// The words after it (`core`).
    public let name: String
    /// The file name (`0001_core.sql`).
    public let fileName: String
    /// The file's path.
    public let path: String

    /// Reads a migration's identity from its file name; nil for names that are not `NNNN_name.sql`.
    public init?(fileName: String, directory: String) {
        guard fileName.hasSuffix(".sql"), let underscore = fileName.firstIndex(of: "_") else { return nil }
        let digits = fileName[..<underscore]
        let name = fileName[fileName.index(after: underscore)..<fileName.index(fileName.endIndex, offsetBy: -4)]
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let version = Int(digits), !name.isEmpty
        else { return nil }
        self.version = version
        self.name = String(name)
        self.fileName = fileName
        self.path = directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
    }

    /// The file's SQL text, without a UTF-8 byte order mark (PostgreSQL would reject it).
    public func sql() throws(PostgresError) -> String {
        let bytes: [UInt8]
        do { bytes = try Posix.readFile(path) } catch { throw PostgresError(code: .migration, message: error.description) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PostgresError(code: .migration, message: "\(path) is not UTF-8")
        }
        return text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text
    }
}
