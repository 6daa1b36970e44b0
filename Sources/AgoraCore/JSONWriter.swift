extension JSON {
    /// Serialises compactly, object keys sorted, non-ASCII written as UTF-8.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    public var text: String { String(decoding: serialized(), as: UTF8.self) }

    public func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: JSON.nullBytes)
        case .bool(let b): out.append(contentsOf: b ? JSON.trueBytes : JSON.falseBytes)
        case .int(let i): JSON.appendInt(i, to: &out)
        case .double(let d):
            if d.isFinite {
                if d == d.rounded(), abs(d) < 1e15 { out.append(contentsOf: String(Int64(d)).utf8) }
                else { out.append(contentsOf: "\(d)".utf8) }
            } else {
                out.append(contentsOf: JSON.nullBytes)
            }
        case .string(let s): JSON.writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSON.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                member.value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Copies runs of bytes that need no escape in bulk; only `"`, `\\` and control characters
    /// are escaped (UTF-8 passes through, as RFC 8259 allows). Eight bytes are tested at a time
    /// (a word with none of them is skipped whole), so long text costs about an instruction a byte.
    static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            var index = 0
            let count = bytes.count
            while index < count {
                if index + 8 <= count,
                   !mayNeedEscape(UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                    continue
                }
                let byte = bytes[index]
                index += 1
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if start < index - 1 { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index - 1])) }
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                default:
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0xF)])
                }
                start = index
            }
            if start < count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<count])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether any of the word's eight bytes is below 0x20, `"` or `\\` (exact as to whether
    /// there is one; the byte loop finds which).
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        let control = (word &- ones &* 0x20) & ~word & highs
        return (control | hasZero(word ^ (ones &* 0x22)) | hasZero(word ^ (ones &* 0x5C))) != 0
    }
}

/// A value that writes itself as a JSON object straight into bytes. The responses served most
/// (a blog, a page of them, the caller's account) skip the dictionary that `JSON.object` builds
/// and the sort it costs at every write. Members are written in ascending key order (checked in
/// debug builds), so the bytes are exactly those of the `JSON` tree: `json` is parsed back from
/// them, for the few places (events, tests, nesting in a `JSON`) that need the tree.
///
/// ```swift
/// func writeMembers(to object: inout JSONObjectWriter) {
///     object.member("id", id)
///     object.member("title", title)
/// }
/// ```
public protocol JSONObjectWritable: JSONValueWritable {
    /// Writes the members, keys ascending.
    func writeMembers(to object: inout JSONObjectWriter)
}

extension JSONObjectWritable {
    /// Appends the object to `out`.
    public func write(into out: inout [UInt8]) {
        var object = JSONObjectWriter(taking: &out)
        writeMembers(to: &object)
        object.finish(into: &out)
    }

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    /// The same object as a `JSON` tree.
    public var json: JSON {
        do { return try JSON.parse(serialized()) } catch { preconditionFailure("a JSONObjectWritable wrote invalid JSON: \(error)") }
    }
}

/// Writes one JSON object's members into a byte buffer it holds while the object is open (the
/// caller's buffer is moved in and back, never copied).
public struct JSONObjectWriter {
    private var out: [UInt8]
    private var separator = UInt8(ascii: "{")
    #if DEBUG
    private var lastKey: StaticString?
    #endif

    init(taking buffer: inout [UInt8]) {
        out = []
        swap(&out, &buffer)
    }

    mutating func finish(into buffer: inout [UInt8]) {
        if separator == UInt8(ascii: "{") { out.append(separator) }
        out.append(UInt8(ascii: "}"))
        swap(&out, &buffer)
    }

    /// `,"key":` (or `{"key":` for the first member). Keys are plain ASCII, written as they are.
    private mutating func key(_ key: StaticString) {
        #if DEBUG
        key.withUTF8Buffer { bytes in
            precondition(bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") },
                         "JSON keys written raw must be plain ASCII")
            if let lastKey {
                lastKey.withUTF8Buffer { last in
                    precondition(last.lexicographicallyPrecedes(bytes), "JSON members must be written in ascending key order")
                }
            }
        }
        lastKey = key
        #endif
        out.append(separator)
        separator = UInt8(ascii: ",")
        out.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    /// A member whose value writes itself (integers, strings, booleans, instants, `JSON`, records).
    public mutating func member(_ key: StaticString, _ value: some JSONValueWritable) {
        self.key(key)
        value.writeJSONValue(into: &out)
    }

    /// The same, `null` when absent.
    public mutating func member(_ key: StaticString, _ value: (some JSONValueWritable)?) {
        self.key(key)
        if let value { value.writeJSONValue(into: &out) } else { out.append(contentsOf: JSON.nullBytes) }
    }
}

/// A value that writes itself as one JSON value, straight into the response bytes.
public protocol JSONValueWritable {
    func writeJSONValue(into out: inout [UInt8])
}

extension JSONObjectWritable {
    public func writeJSONValue(into out: inout [UInt8]) { write(into: &out) }
}

extension Int64: JSONValueWritable {
    public func writeJSONValue(into out: inout [UInt8]) { JSON.appendInt(self, to: &out) }
}

extension String: JSONValueWritable {
    public func writeJSONValue(into out: inout [UInt8]) { JSON.writeString(self, into: &out) }
}

extension Bool: JSONValueWritable {
    public func writeJSONValue(into out: inout [UInt8]) { out.append(contentsOf: self ? JSON.trueBytes : JSON.falseBytes) }
}

/// An instant in RFC 3339 (`Timestamp.rfc3339`).
extension Timestamp: JSONValueWritable {
    public func writeJSONValue(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendRFC3339(to: &out)
        out.append(UInt8(ascii: "\""))
    }
}

extension JSON: JSONValueWritable {
    public func writeJSONValue(into out: inout [UInt8]) { write(into: &out) }
}

extension JSON {
    static let nullBytes: [UInt8] = Array("null".utf8)
    static let trueBytes: [UInt8] = Array("true".utf8)
    static let falseBytes: [UInt8] = Array("false".utf8)

    /// An integer's decimal digits, without an intermediate string.
    static func appendInt(_ value: Int64, to out: inout [UInt8]) {
        Response.appendDecimal(Int(value), to: &out)
    }
}
