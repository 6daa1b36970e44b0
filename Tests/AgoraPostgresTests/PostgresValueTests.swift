import AgoraCore
import Testing
@testable import AgoraPostgres

struct PostgresValueTests {
    private func text(_ value: PostgresValue) throws -> String {
        var out: [UInt8] = []
        try value.appendText(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test(arguments: [
        (PostgresValue.int(-42), "-42"),
        (.double(0.1), "0.1"),
        (.double(.nan), "NaN"),
        (.double(-.infinity), "-Infinity"),
        (.bool(true), "true"),
        (.bytes([0x00, 0xAB, 0xFF]), "\\x00abff"),
        (.json(["b": [1, nil], "a": "x\"y"]), "{\"a\":\"x\\\"y\",\"b\":[1,null]}"),
        (.textArray(["a", "b,c", "say \"hi\"", "back\\slash", "NULL", ""]),
         "{\"a\",\"b,c\",\"say \\\"hi\\\"\",\"back\\\\slash\",\"NULL\",\"\"}"),
        (.textArray([]), "{}"),
        (.intArray([1, -2, 3]), "{1,-2,3}"),
        (.timestamp(Timestamp(microseconds: -1)), "1969-12-31 23:59:59.999999+00"),
    ])
    func appendText_WritesPostgresInputFormat(value: PostgresValue, expected: String) throws {
        #expect(try text(value) == expected)
    }

    @Test func appendText_Throws_WhenTextContainsNUL() {
        for value in [PostgresValue.text("a\u{0}b"), .textArray(["ok", "a\u{0}"]), .json(["k": "\u{0}"])] {
            let error = #expect(throws: PostgresError.self) { try text(value) }
            #expect(error?.code == .invalidParameter)
            #expect(error?.apiError.status == 400)
        }
    }

    @Test func literals_BuildParameterLists() {
        let id = 7
        let missing: String? = nil
        let present: Int64? = 3
        let parameters: [PostgresValue?] = ["title", 42, true, 1.5, nil, .int(id), .text(missing), .int(present)]
        let expected: [PostgresValue?] = [
            .text("title"), .int(Int64(42)), .bool(true), .double(1.5), nil, .int(Int64(7)), nil, .int(Int64(3)),
        ]
        #expect(parameters == expected)
    }
}

struct PostgresTextTests {
    private func parse<T>(_ text: String, _ parser: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        var text = text
        return text.withUTF8 { parser($0) }
    }

    @Test func int_ParsesTheFullRange_AndRejectsGarbage() {
        #expect(parse("0", PostgresText.int) == 0)
        #expect(parse("-9223372036854775808", PostgresText.int) == Int64.min)
        #expect(parse("9223372036854775807", PostgresText.int) == Int64.max)
        #expect(parse("9223372036854775808", PostgresText.int) == nil)
        #expect(parse("12.5", PostgresText.int) == nil)
        #expect(parse("-", PostgresText.int) == nil)
        #expect(parse("", PostgresText.int) == nil)
    }

    @Test func array_ParsesQuotedAndBareElements() {
        #expect(parse("{}", PostgresText.array) == [])
        #expect(parse("{a,b}", PostgresText.array) == ["a", "b"])
        #expect(parse(#"{"a b","c,d","say \"hi\"","x\\y",""}"#, PostgresText.array) == ["a b", "c,d", "say \"hi\"", "x\\y", ""])
        #expect(parse(#"{"NULL"}"#, PostgresText.array) == ["NULL"])
        #expect(parse("{a,NULL}", PostgresText.array) == nil)
        #expect(parse("{{1,2},{3,4}}", PostgresText.array) == nil)
        #expect(parse("{a", PostgresText.array) == nil)
    }

    @Test func bytea_DecodesHex_AndRejectsEscapeFormat() {
        #expect(parse("\\x", PostgresText.bytea) == [])
        #expect(parse("\\x00abFF", PostgresText.bytea) == [0x00, 0xAB, 0xFF])
        #expect(parse("\\x0", PostgresText.bytea) == nil)
        #expect(parse("abc", PostgresText.bytea) == nil)
    }
}
