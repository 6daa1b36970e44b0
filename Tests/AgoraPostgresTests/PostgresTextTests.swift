import Testing
@testable import AgoraPostgres

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
