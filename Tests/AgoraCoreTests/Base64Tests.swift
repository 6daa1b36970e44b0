import Testing

@testable import AgoraCore

@Suite struct Base64Tests {
    static let rfc4648Vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test(arguments: rfc4648Vectors)
    func encodeAndDecode_MatchRFC4648Vectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func encode_UsesPlusAndSlash() {
        #expect(Base64.encode([0xfb, 0xff]) == "+/8=")
    }

    @Test(arguments: ["Zg", "Zg=", "Zg===", "Z===", "Zm=v", "Zh==", "Zm9", "Zm9v\n", "-_8=", "Zm 9v", "===="])
    func decode_RefusesNonCanonicalOrForeignInput(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
