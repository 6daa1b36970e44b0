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
        for value in [PostgresValue.text("a\u{0}b"), .textArray(["ok", "a\u{0}"])] {
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
