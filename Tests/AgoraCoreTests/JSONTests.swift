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

/// The string writer tests eight bytes at a time: it must escape exactly what a byte-by-byte
/// writer escapes, wherever in a word the byte falls.
struct JSONStringEscapeTests {
    /// The reference: one byte at a time.
    static func reference(_ text: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for byte in text.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case ..<0x20: out += Array("\\u00".utf8) + [Array("0123456789abcdef".utf8)[Int(byte >> 4)], Array("0123456789abcdef".utf8)[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        return out + [0x22]
    }

    @Test func escapes_MatchTheByteByByteWriter_AtEveryPosition() {
        let specials: [String] = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1f}", "\u{7f}", " ", "!", "#", "[", "]",
                                  "é", "€", "😀", "\u{20}", "\u{21}", "\u{5b}", "\u{5d}"]
        for length in 0..<20 {
            for special in specials {
                for position in 0...length {
                    var text = String(repeating: "a", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: position))
                    var out: [UInt8] = []
                    JSON.writeString(text, into: &out)
                    #expect(out == Self.reference(text), "\(Array(text.utf8))")
                }
            }
        }
    }

    @Test func escapes_MatchTheByteByByteWriter_OnRandomBytes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array(0..<0x80)
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let text = String(decoding: bytes, as: UTF8.self)
            var out: [UInt8] = []
            JSON.writeString(text, into: &out)
            #expect(out == Self.reference(text))
        }
    }

    @Test func wordTest_FlagsEachEscapedByte_AndNoOther() {
        for value in 0...255 {
            let byte = UInt8(value)
            let needs = byte < 0x20 || byte == 0x22 || byte == 0x5C
            for lane in 0..<8 {
                let word = (UInt64(0x61) &* 0x0101_0101_0101_0101) & ~(UInt64(0xFF) << (lane * 8)) | UInt64(byte) << (lane * 8)
                #expect(JSON.mayNeedEscape(word) == needs, "byte \(value) lane \(lane)")
            }
        }
    }
}

/// Records that write themselves must produce the bytes the `JSON` tree of the same object
/// serialises to (keys sorted), for every kind of member.
struct JSONObjectWriterTests {
    struct Everything: JSONObjectWritable {
        var at = Timestamp(microseconds: 1_764_411_330_123_456)
        var count: Int64? = -42
        var flag = true
        var maybe: Timestamp? = nil
        var name = "x\"y\né"
        var nested = PublicUser(id: 7, username: "al\\ice")
        var nobody: PublicUser? = nil
        var note: String? = nil
        var tree: JSON = ["b": [1, nil], "a": 2.5]
        var zero: Int64 = 0

        func writeMembers(to object: inout JSONObjectWriter) {
            object.member("at", at)
            object.member("count", count)
            object.member("flag", flag)
            object.member("maybe", maybe)
            object.member("name", name)
            object.member("nested", nested)
            object.member("nobody", nobody)
            object.member("note", note)
            object.member("tree", tree)
            object.member("zero", zero)
        }

        var expected: JSON {
            ["at": .string(at.rfc3339), "count": .int(count), "flag": .bool(flag), "maybe": .null,
             "name": .string(name), "nested": ["id": 7, "username": "al\\ice"], "nobody": .null, "note": .null,
             "tree": tree, "zero": .int(zero)]
        }
    }

    struct Empty: JSONObjectWritable {
        func writeMembers(to object: inout JSONObjectWriter) {}
    }

    @Test func writtenObject_IsTheSortedTreesBytes() {
        let record = Everything()
        #expect(record.serialized() == record.expected.serialized())
        #expect(record.json == record.expected)
        var other = Everything()
        other.count = nil
        other.maybe = Timestamp(microseconds: -1_500)
        other.note = ""
        other.nobody = PublicUser(id: Int64.max, username: "")
        other.flag = false
        other.zero = Int64.min
        var expected = other.expected
        if case .object(var members) = expected {
            members["maybe"] = "1969-12-31T23:59:59.998Z"
            members["note"] = ""
            members["nobody"] = ["id": .int(Int64.max), "username": ""]
            expected = .object(members)
        }
        #expect(other.serialized() == expected.serialized())
    }

    @Test func emptyObject_AndAppendingAfterExistingBytes() {
        #expect(Empty().serialized() == Array("{}".utf8))
        var out = Array("[1,".utf8)
        PublicUser(id: 3, username: "bo").write(into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"[1,{"id":3,"username":"bo"}"#)
    }

    @Test func publicUser_TreeAndBytesAgree() throws {
        let user = PublicUser(id: 12, username: "ünï\u{1}")
        #expect(try JSON.parse(user.serialized()) == user.json)
        #expect(user.serialized() == user.json.serialized())
    }

    @Test(arguments: [Int64.min, -1, 0, 1, 9, 10, 99, 100, 1_000_000_007, Int64.max])
    func integers_AreWrittenAsTheirDecimalText(value: Int64) {
        var out: [UInt8] = []
        JSON.appendInt(value, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == String(value))
        #expect(JSON.int(value).text == String(value))
    }
}
