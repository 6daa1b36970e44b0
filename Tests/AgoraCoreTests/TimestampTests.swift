import Testing
@testable import AgoraCore

struct TimestampTests {
    @Test(arguments: [
        ("2026-11-29 10:15:30.123456+00", "2026-11-29T10:15:30.123Z"),
        ("2026-11-29 10:15:30.999999+00", "2026-11-29T10:15:30.999Z"),
        ("2000-02-29 00:00:00+00", "2000-02-29T00:00:00.000Z"),
        ("1970-01-01 00:00:00+00", "1970-01-01T00:00:00.000Z"),
        ("1969-12-31 23:59:59.999999+00", "1969-12-31T23:59:59.999Z"),
        ("1900-03-01 12:00:00.5+00", "1900-03-01T12:00:00.500Z"),
        ("0001-01-01 00:00:00+00", "0001-01-01T00:00:00.000Z"),
        ("9999-12-31 23:59:59.999999+00", "9999-12-31T23:59:59.999Z"),
        ("2026-11-29 12:15:30.1+02", "2026-11-29T10:15:30.100Z"),
        ("2026-11-29 04:45:30-05:30", "2026-11-29T10:15:30.000Z"),
        ("2026-11-29T10:15:30Z", "2026-11-29T10:15:30.000Z"),
        ("2026-11-29T10:15:30.1234567891Z", "2026-11-29T10:15:30.123Z"),
        ("2026-11-29 10:15:30", "2026-11-29T10:15:30.000Z"),
    ])
    func rfc3339_FormatsUTCWithMilliseconds_WhenParsedFromPostgresText(input: String, expected: String) throws {
        let timestamp = try #require(Timestamp(input))
        #expect(timestamp.rfc3339 == expected)
    }

    @Test(arguments: [
        ("1970-01-01 00:00:00+00", Int64(0)),
        ("1969-12-31 23:59:59.999999+00", Int64(-1)),
        ("2000-02-29 00:00:00+00", Int64(951_782_400_000_000)),
        ("1900-01-01 00:00:00+00", Int64(-2_208_988_800_000_000)),
        ("0001-01-01 00:00:00+00", Int64(-62_135_596_800_000_000)),
        ("2026-11-29 10:15:30.123456+00", Int64(1_795_947_330_123_456)),
    ])
    func microseconds_CountFromTheUnixEpoch_WhenBeforeOrAfter1970(input: String, expected: Int64) throws {
        #expect(try #require(Timestamp(input)).microseconds == expected)
    }

    @Test(arguments: [
        "", "2026-11-29", "2026-02-29 00:00:00+00", "1900-02-29 00:00:00+00", "2026-13-01 00:00:00+00",
        "2026-04-31 00:00:00+00", "2026-11-29 24:00:00+00", "2026-11-29 10:60:00+00", "2026-11-29 10:15:30.+00",
        "2026-11-29 10:15:30+00 BC", "infinity", "-infinity", "26-11-29 10:15:30+00", "2026-11-29 10:15:30+0",
    ])
    func init_ReturnsNil_WhenTextIsNotATimestamp(input: String) {
        #expect(Timestamp(input) == nil)
    }

    @Test func rfc3339_WrittenDigitByDigit_IsTheGeneralFormatting_AcrossYears0To9999() {
        var random = SystemRandomNumberGenerator()
        let low: Int64 = -62_167_219_200_000_000  // 0000-01-01
        let high: Int64 = 253_402_300_799_999_999  // 9999-12-31T23:59:59.999999
        for _ in 0..<20_000 {
            let micros = Int64.random(in: low...high, using: &random)
            let (date, rest) = CivilDate.split(micros)
            let general = date.text + "T" + CivilDate.clock(rest, fractionDigits: 3) + "Z"
            #expect(Timestamp(microseconds: micros).rfc3339 == general)
            var out = Array("x".utf8)
            Timestamp(microseconds: micros).appendRFC3339(to: &out)
            #expect(out == Array(("x" + general).utf8))
        }
        // Outside four digits, the general formatting.
        #expect(Timestamp(microseconds: high + 1).rfc3339 == "10000-01-01T00:00:00.000Z")
    }

    @Test func rfc3339_TruncatesTowardThePast_WhenBefore1970() {
        #expect(Timestamp(microseconds: -1_500).rfc3339 == "1969-12-31T23:59:59.998Z")
        #expect(Timestamp(microseconds: -1_000_000).rfc3339 == "1969-12-31T23:59:59.000Z")
        #expect(Timestamp(microseconds: -1_000_000).secondsSinceEpoch == -1)
        #expect(Timestamp(microseconds: -1).secondsSinceEpoch == -1)
    }

    @Test func postgresText_RoundTrips_WithMicroseconds() throws {
        for micros: Int64 in [0, -1, 1, 951_782_400_000_001, -62_135_596_800_000_000, 253_402_300_799_999_999] {
            let timestamp = Timestamp(microseconds: micros)
            #expect(Timestamp(timestamp.postgresText) == timestamp)
            #expect(Timestamp(timestamp.rfc3339)?.microseconds == micros - CivilDate.floorDivide(micros, 1000).remainder)
        }
    }

    @Test func civilDate_AdvancesOneDayAtATime_FromYear1600To2400() throws {
        var expected = try #require(CivilDate(year: 1600, month: 1, day: 1))
        var days = expected.daysSinceEpoch
        while expected.year < 2400 {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(date == expected)
            if date != expected { return }
            // The next calendar day, computed from the month lengths only.
            if let next = CivilDate(year: date.year, month: date.month, day: date.day + 1) {
                expected = next
            } else if let next = CivilDate(year: date.year, month: date.month + 1, day: 1) {
                expected = next
            } else {
                expected = try #require(CivilDate(year: date.year + 1, month: 1, day: 1))
            }
            days += 1
            #expect(expected.daysSinceEpoch == days)
        }
    }

    @Test func now_IsCloseToTheSystemClock_AndOrdered() {
        let first = Timestamp.now()
        let second = Timestamp.now()
        #expect(first <= second)
        #expect(first.rfc3339.hasPrefix("20"))
        #expect(first.adding(seconds: 60) > first)
    }
}
