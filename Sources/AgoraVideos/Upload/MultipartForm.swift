import AgoraCore
import CMediaIO
import Glibc

/// A `multipart/form-data` body read from its file in bounded memory: one fixed buffer scans
/// for the boundaries, text parts up to `textLimit` bytes are kept, and a file part is only
/// located (its byte range in the body file), never read into memory.
struct MultipartForm {
    struct FilePart {
        let name: String
        let filename: String?
        let start: Int64
        let end: Int64
        var count: Int64 { end - start }
    }

    /// Text parts by field name (the first of each name), as sent (UTF-8, else an error).
    private(set) var fields: [String: String] = [:]
    /// Text parts that were not valid UTF-8 or were longer than the limit.
    private(set) var badFields: [String: String] = [:]
    private(set) var files: [FilePart] = []

    static let textLimit = 64 * 1024
    static let headerLimit = 8 * 1024
    /// The most transport padding (blanks after a boundary) accepted.
    static let paddingLimit = 256
    static let partLimit = 32
    static let bufferSize = 256 * 1024

    /// The boundary of a `multipart/form-data` content type, or nil for another type.
    static func boundary(contentType: String?) -> String?? {
        guard let contentType else { return nil }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters() }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parts.dropFirst() {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            guard parameter[..<equals].trimmingCharacters().lowercased() == "boundary" else { continue }
            var value = parameter[parameter.index(after: equals)...].trimmingCharacters()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            guard (1...70).contains(value.utf8.count), value.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
                return .some(nil)
            }
            return .some(value)
        }
        return .some(nil)
    }

    /// Reads the form's framing from `file`; 400 when the framing is broken.
    init(_ file: BodyFile, boundary: String) throws {
        let malformed = APIError.badRequest("The multipart body is malformed.")
        let dashBoundary = Array(("--" + boundary).utf8)
        let delimiter = Array("\r\n".utf8) + dashBoundary
        let scanner = Scanner(file: file)
        // The first boundary: at the very start, or after a preamble.
        var position: Int64
        if try file.read(at: 0, count: dashBoundary.count) == dashBoundary {
            position = Int64(dashBoundary.count)
        } else {
            guard let found = try scanner.find(delimiter, from: 0) else { throw malformed }
            position = found + Int64(delimiter.count)
        }
        var parts = 0
        while true {
            let after = try file.read(at: position, count: 2)
            if after == Array("--".utf8) { break }  // the close delimiter; an epilogue is ignored
            // Transport padding, then CRLF, then the part's headers up to a blank line.
            // Transport padding is a few blanks (RFC 2046): at most `paddingLimit`, read in one window.
            let padding = try file.read(at: position, count: MultipartForm.paddingLimit + 1)
            guard let blanks = padding.firstIndex(where: { $0 != 32 && $0 != 9 }) else { throw malformed }
            let lineEnd = position + Int64(blanks)
            guard try file.read(at: lineEnd, count: 2) == Array("\r\n".utf8) else { throw malformed }
            let headersStart = lineEnd + 2
            let window = try file.read(at: headersStart, count: MultipartForm.headerLimit)
            guard let blank = MultipartForm.index(of: Array("\r\n\r\n".utf8), in: window)
                    ?? (window.starts(with: Array("\r\n".utf8)) ? -2 : nil) else { throw malformed }
            let headers = MultipartForm.headers(blank < 0 ? [] : Array(window[..<blank]))
            let contentStart = headersStart + Int64(blank + 4)
            guard let contentEnd = try scanner.find(delimiter, from: contentStart) else { throw malformed }
            parts += 1
            guard parts <= MultipartForm.partLimit else { throw APIError.badRequest("The multipart body has too many parts.") }
            guard let disposition = headers["content-disposition"],
                  let (name, filename) = MultipartForm.disposition(disposition) else { throw malformed }
            if filename != nil {
                files.append(FilePart(name: name, filename: filename, start: contentStart, end: contentEnd))
            } else if fields[name] == nil && badFields[name] == nil {
                let length = contentEnd - contentStart
                if length > Int64(MultipartForm.textLimit) {
                    badFields[name] = "Ensure this field has no more than \(MultipartForm.textLimit) bytes."
                } else if let text = String(validating: try file.read(at: contentStart, count: Int(length)), as: UTF8.self) {
                    fields[name] = text
                } else {
                    badFields[name] = "Not a valid string."
                }
            }
            position = contentEnd + Int64(delimiter.count)
        }
    }

    /// Part headers by lower-cased name.
    static func headers(_ bytes: [UInt8]) -> [String: String] {
        var headers: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].trimmingCharacters().lowercased()] = line[line.index(after: colon)...].trimmingCharacters()
        }
        return headers
    }

    /// `form-data; name="title"; filename="a.mp4"` → (name, filename).
    static func disposition(_ value: String) -> (String, String?)? {
        var name: String?
        var filename: String?
        let items = value.split(separator: ";").map { $0.trimmingCharacters() }
        guard items.first?.lowercased() == "form-data" else { return nil }
        for item in items.dropFirst() {
            guard let equals = item.firstIndex(of: "=") else { continue }
            let key = item[..<equals].trimmingCharacters().lowercased()
            var text = item[item.index(after: equals)...].trimmingCharacters()
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
            if key == "name" { name = text } else if key == "filename" { filename = text }
        }
        guard let name else { return nil }
        return (name, filename)
    }

    static func index(of pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { haystack -> Int? in
            pattern.withUnsafeBytes { needle -> Int? in
                guard let base = haystack.baseAddress,
                      let found = agora_memmem(base, haystack.count, needle.baseAddress, needle.count) else { return nil }
                return UnsafeRawPointer(found) - base
            }
        }
    }

    /// Finds a pattern in the file with one fixed buffer, windows overlapping by the pattern's
    /// length so that a match across two reads is found; glibc's `memmem` does the search.
    final class Scanner {
        let file: BodyFile
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: MultipartForm.bufferSize, alignment: 16)

        init(file: BodyFile) { self.file = file }

        deinit { buffer.deallocate() }

        func find(_ pattern: [UInt8], from start: Int64) throws -> Int64? {
            var offset = start
            while offset < file.size {
                let count = try file.read(into: buffer, at: offset)
                if count < pattern.count { return nil }
                let hit: Int? = pattern.withUnsafeBytes { needle -> Int? in
                    guard let base = buffer.baseAddress,
                          let found = agora_memmem(base, count, needle.baseAddress, needle.count) else { return nil }
                    return UnsafeRawPointer(found) - UnsafeRawPointer(base)
                }
                if let hit { return offset + Int64(hit) }
                if count < buffer.count { return nil }
                offset += Int64(count - pattern.count + 1)
            }
            return nil
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingCharacters() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
