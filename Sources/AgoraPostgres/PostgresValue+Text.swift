extension PostgresValue {
    /// Appends the value in PostgreSQL's text input format.
    func appendText(to out: inout [UInt8]) throws(PostgresError) {
        switch self {
        case .text(let value):
            try PostgresValue.appendChecked(value, to: &out)
        case .int(let value):
            out.append(contentsOf: String(value).utf8)
        case .double(let value):
            out.append(contentsOf: PostgresValue.text(of: value).utf8)
        case .bool(let value):
            out.append(contentsOf: (value ? "true" : "false").utf8)
        case .bytes(let bytes):
            out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "x")])
            for byte in bytes {
                out.append(PostgresValue.hexDigits[Int(byte >> 4)])
                out.append(PostgresValue.hexDigits[Int(byte & 0x0F)])
            }
        case .json(let value):
            try PostgresValue.appendChecked(value.text, to: &out)
        case .timestamp(let value):
            out.append(contentsOf: value.postgresText.utf8)
        case .textArray(let items):
            out.append(UInt8(ascii: "{"))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                // Every element is quoted, so a text "NULL" stays a text.
                out.append(UInt8(ascii: "\""))
                for byte in item.utf8 {
                    guard byte != 0 else { throw PostgresValue.nulError }
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                    out.append(byte)
                }
                out.append(UInt8(ascii: "\""))
            }
            out.append(UInt8(ascii: "}"))
        case .intArray(let items):
            out.append(UInt8(ascii: "{"))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: String(item).utf8)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// PostgreSQL stores no NUL in text; refusing it here beats a silently truncated C string.
    static let nulError = PostgresError(
        code: .invalidParameter, sqlState: "22021", message: "a text parameter contains a NUL character")

    static func appendChecked(_ text: String, to out: inout [UInt8]) throws(PostgresError) {
        let start = out.count
        out.append(contentsOf: text.utf8)
        guard !out[start...].contains(0) else { throw nulError }
    }

    /// Shortest round-trip digits; the special values in the spelling float8in and numeric_in share.
    static func text(of value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }
}
