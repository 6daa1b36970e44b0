import AgoraCore
import AgoraCrypto
import Testing

@Suite struct DigestTests {
    @Test func sha256_MatchesFIPSVectorForABC() {
        #expect(hexString(Digest.sha256(Array("abc".utf8)))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func sha256_OfEmptyInput_MatchesKnownVector() {
        #expect(hexString(Digest.sha256([UInt8]()))
            == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func sha256Hasher_InPieces_EqualsTheOneShotDigest() {
        let data = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let hasher = SHA256Hasher()
        hasher.update(Array(data[..<7]))
        hasher.update(Array(data[7..<65_536]))
        hasher.update([])
        hasher.update(Array(data[65_536...]))
        #expect(hasher.finish() == Digest.sha256(data))
        #expect(SHA256Hasher().finish() == Digest.sha256([UInt8]()))
    }

    @Test func hmacSHA256_MatchesRFC4231TestCase2() {
        let mac = Digest.hmacSHA256(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))
        #expect(hexString(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func hmacKey_MatchesRFC4231TestCases1And6() {
        let short = HMACSHA256Key([UInt8](repeating: 0x0B, count: 20))
        #expect(hexString(short.mac(Array("Hi There".utf8)))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        // A key longer than the block is hashed first.
        let long = HMACSHA256Key([UInt8](repeating: 0xAA, count: 131))
        #expect(hexString(long.mac(Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// RFC 2104 written out with SHA-256 alone: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)).
    static func reference(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? Digest.sha256(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        return Digest.sha256(block.map { $0 ^ 0x5C } + Digest.sha256(block.map { $0 ^ 0x36 } + data))
    }

    @Test func hmacKey_MatchesTheDefinition_ForEveryKeyLengthAroundTheBlock_AndStaysReusable() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 31, 32, 63, 64, 65, 127, 128, 200] {
            let key = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let hmac = HMACSHA256Key(key)
            for size in [0, 1, 55, 56, 64, 119, 1000] {
                let data = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let expected = Self.reference(key: key, data: data)
                #expect(hmac.mac(data) == expected, "key \(length) data \(size)")
                #expect(hmac.mac(data[...]) == expected)  // a slice, and the same key again
                #expect(Digest.hmacSHA256(key: key, data: data) == expected)
            }
        }
    }

    @Test func hmacKey_IsSharedSafelyAcrossThreads() async {
        let key = HMACSHA256Key(Array("shared".utf8))
        let expected = (0..<64).map { Self.reference(key: Array("shared".utf8), data: [UInt8($0)]) }
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var wrong = 0
                    for round in 0..<2_000 where key.mac([UInt8(round % 64)]) != expected[round % 64] { wrong += 1 }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test func hmacSHA256_WithEmptyKeyAndData_MatchesKnownVector() {
        #expect(hexString(Digest.hmacSHA256(key: [], data: [UInt8]()))
            == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func hmacSHA256_MatchesRFC7515AppendixA1Signature() throws {
        let key = try #require(Base64URL.decode(
            "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"))
        let signingInput = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        let mac = Digest.hmacSHA256(key: key, data: signingInput.utf8)
        #expect(Base64URL.encode(mac) == "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
    }

    @Test func constantTimeEquals_ComparesContentAndLength() {
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(constantTimeEquals([], []))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(!constantTimeEquals([], [0]))
    }

    @Test func hexString_WritesTwoLowerCaseDigitsPerByte() {
        #expect(hexString([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(hexString([]) == "")
    }
}
