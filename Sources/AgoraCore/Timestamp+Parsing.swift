extension Timestamp {
    /// Parses PostgreSQL's timestamptz output (`2026-11-29 10:15:30.123456+00`) and RFC 3339
    /// (`2026-11-29T10:15:30.123Z`, `...+02:00`); years 0001-9999, a missing offset means UTC.
    public init?(_ text: String) {
        var text = text
        guard let value = text.withUTF8({ Timestamp.parse($0) }) else { return nil }
        self = value
    }

    /// Parses PostgreSQL's text output or RFC 3339 from raw bytes (row decoding).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        var cursor = Cursor(bytes: bytes)
        guard let year = cursor.number(digits: 4), cursor.skip("-"),
            let month = cursor.number(digits: 2), cursor.skip("-"),
            let day = cursor.number(digits: 2), cursor.skip(" ") || cursor.skip("T") || cursor.skip("t"),
            let hour = cursor.number(digits: 2), cursor.skip(":"),
            let minute = cursor.number(digits: 2), cursor.skip(":"),
            let second = cursor.number(digits: 2),
            let date = CivilDate(year: year, month: month, day: day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var micros: Int64 = 0
        if cursor.skip(".") {
            var digits = 0
            while let digit = cursor.digit() {
                // Beyond microseconds, digits are dropped (truncation, like the output side).
                if digits < 6 { micros = micros * 10 + Int64(digit) }
                digits += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 6) { micros *= 10 }
        }
        var offsetSeconds: Int64 = 0
        if cursor.skip("Z") || cursor.skip("z") || cursor.atEnd {
            offsetSeconds = 0
        } else {
            let sign: Int64
            if cursor.skip("+") { sign = 1 } else if cursor.skip("-") { sign = -1 } else { return nil }
            guard let hours = cursor.number(digits: 2), hours < 16 else { return nil }
            var minutes: Int64 = 0
            var seconds: Int64 = 0
            if cursor.skip(":") || !cursor.atEnd {
                guard let value = cursor.number(digits: 2), value < 60 else { return nil }
                minutes = value
                if cursor.skip(":") {
                    guard let value = cursor.number(digits: 2), value < 60 else { return nil }
                    seconds = value
                }
            }
            offsetSeconds = sign * (hours * 3600 + minutes * 60 + seconds)
        }
        guard cursor.atEnd else { return nil }
        let localSeconds = date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second
        return Timestamp(microseconds: (localSeconds - offsetSeconds) * 1_000_000 + micros)
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int? {
            guard index < bytes.count else { return nil }
            let value = bytes[index] &- UInt8(ascii: "0")
            guard value < 10 else { return nil }
            index += 1
            return Int(value)
        }

        mutating func number(digits: Int) -> Int64? {
            var value: Int64 = 0
            for _ in 0..<digits {
                guard let digit = digit() else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
    }
}
