import Testing
@testable import AgoraFastCGI

/// libfcgi hands each parameter over as one `NAME=value` C string.
struct FastCGIParameterTests {
    func split(_ entry: String) -> (name: String, value: String)? {
        entry.withCString { pair($0) }
    }

    func pair(_ entry: UnsafePointer<CChar>) -> (name: String, value: String)? {
        var found: (name: String, value: String)?
        FastCGIServer.parameter(entry) { name, value in
            found = (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
        }
        return found
    }

    @Test func parameter_SplitsAtTheFirstEquals() throws {
        let pair = try #require(split("QUERY_STRING=a=1&b=2"))
        #expect(pair.name == "QUERY_STRING")
        #expect(pair.value == "a=1&b=2")
    }

    @Test func parameter_KeepsEmptyValuesAndRefusesEntriesWithoutEquals() throws {
        let pair = try #require(split("CONTENT_TYPE="))
        #expect(pair.name == "CONTENT_TYPE" && pair.value == "")
        #expect(split("NO_SEPARATOR") == nil)
    }

    @Test func parameter_SplitsAtTheEqualsByte_EvenBeforeACombiningMark() throws {
        // As Characters, "=" followed by U+0301 is one grapheme "=\u{301}", not "=": the split
        // is by byte, so the name is never cut short or run into the value.
        let pair = try #require(split("HTTP_X_NOTE=\u{301}é=ü"))
        #expect(pair.name == "HTTP_X_NOTE")
        #expect(pair.value == "\u{301}é=ü")
    }

    @Test func parameter_RepairsInvalidUTF8AsCStringDoes() throws {
        let bytes: [CChar] = [0x41, 0x3D, CChar(bitPattern: 0xFF), 0x42, 0]
        let pair = try #require(bytes.withUnsafeBufferPointer { self.pair($0.baseAddress!) })
        #expect(pair.name == "A")
        #expect(pair.value == "\u{FFFD}B")
    }
}
