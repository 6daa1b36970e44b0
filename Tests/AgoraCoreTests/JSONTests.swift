import Testing
@testable import AgoraCore

struct JSONTests {
    @Test func parse_ReadsEveryType() throws {
        let value = try JSON.parse(#"{"a":[1,-2,3.5,1e3,true,false,null],"b":"x\"y\u00e9\ud83d\ude00","c":{}}"#)
        #expect(value["a"] == [1, -2, 3.5, 1000.0, true, false, nil])
        #expect(value["b"] == "x\"yé😀")
        #expect(value["c"] == .object([:]))
    }

    @Test(arguments: ["", "{", "{\"a\":}", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"\\x\"", "\"\u{1}\"",
                      "{} {}", "\"\\ud800\"", "[" + String(repeating: "[", count: 100) + String(repeating: "]", count: 101)])
    func parse_Rejects_MalformedInput(text: String) {
        #expect(throws: JSONParseError.self) { try JSON.parse(text) }
    }

    @Test func parse_KeepsIntegersExact_AndOverflowsToDouble() throws {
        #expect(try JSON.parse("9223372036854775807") == .int(Int64.max))
        #expect(try JSON.parse("9223372036854775808") == .double(9223372036854775808))
        #expect(try JSON.parse("1.0") == .double(1))
    }

    @Test func parse_RefusesInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSON.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func serialized_SortsKeys_AndEscapes() {
        let value: JSON = ["b": 1, "a": ["x\n\"\u{1}", nil, true]]
        #expect(value.text == #"{"a":["x\n\"\u0001",null,true],"b":1}"#)
    }

    @Test func roundTrip_PreservesValue() throws {
        let value: JSON = ["k": ["nested": [1, 2.5, "é", false]], "empty": []]
        #expect(try JSON.parse(value.serialized()) == value)
    }
}
