import AgoraCore
/// Parsers for PostgreSQL's text output format; each returns nil for input it does not expect.
enum PostgresText {
    static func int(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < bytes.count else { return nil }
        var value: Int64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            // Accumulating negatively reaches Int64.min without overflowing.
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.subtractingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = next
            index += 1
        }
        if negative { return value }
        return value == Int64.min ? nil : -value
    }

    static func double(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        Double(String(decoding: bytes, as: UTF8.self))
    }

    static func bool(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        switch String(decoding: bytes, as: UTF8.self) {
        case "t", "true": true
        case "f", "false": false
        default: nil
        }
    }

    /// `\x0a1b...`, the hex format (the session sets `bytea_output=hex`).
    static func bytea(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x"), bytes.count % 2 == 0
        else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2 - 1)
        var index = 2
        while index < bytes.count {
            guard let high = Hex.value(bytes[index]), let low = Hex.value(bytes[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    /// A one-dimensional array literal, `{a,"b c",NULL}`. NULL elements and nested arrays are
    /// refused (nil): callers asking for `[String]` cannot represent them.
    static func array(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "{"), bytes[bytes.count - 1] == UInt8(ascii: "}") else {
            return nil
        }
        var items: [String] = []
        let end = bytes.count - 1
        var index = 1
        if index == end { return items }
        while true {
            var item: [UInt8] = []
            if bytes[index] == UInt8(ascii: "\"") {
                index += 1
                while true {
                    guard index < end else { return nil }
                    var byte = bytes[index]
                    if byte == UInt8(ascii: "\"") { break }
                    if byte == UInt8(ascii: "\\") {
                        index += 1
                        guard index < end else { return nil }
                        byte = bytes[index]
                    }
                    item.append(byte)
                    index += 1
                }
                index += 1
            } else {
                while index < end, bytes[index] != UInt8(ascii: ",") {
                    if bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "\"") { return nil }
                    item.append(bytes[index])
                    index += 1
                }
                if item.isEmpty || String(decoding: item, as: UTF8.self).uppercased() == "NULL" { return nil }
            }
            items.append(String(decoding: item, as: UTF8.self))
            if index == end { return items }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
    }
}
