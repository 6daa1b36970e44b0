/// Decoded query parameters in the order they were sent.
public struct QueryParameters: Sendable {
    public let pairs: [(name: String, value: String)]

    public init(_ queryString: String) {
        var pairs: [(String, String)] = []
        for item in queryString.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentEncoding.decode(parts[0], plusAsSpace: true)
            let value = parts.count > 1 ? PercentEncoding.decode(parts[1], plusAsSpace: true) : ""
            pairs.append((name, value))
        }
        self.pairs = pairs
    }

    /// The first value of a parameter.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    public func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }
}

/// Percent-encoding as URLs and forms use it.
public enum PercentEncoding {
    /// Decodes `%XX` escapes; invalid escapes are kept literally, invalid UTF-8 is replaced.
    public static func decode(_ text: some StringProtocol, plusAsSpace: Bool = false) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = Hex.value(bytes[index + 1]), let low = Hex.value(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Encodes everything but the unreserved characters of RFC 3986.
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }
}

/// Hexadecimal digits.
public enum Hex {
    /// The value of one hex digit (either case), or nil.
    public static func value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
