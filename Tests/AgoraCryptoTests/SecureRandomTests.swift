import AgoraCore
import AgoraCrypto
import Testing

@Suite struct SecureRandomTests {
    @Test func bytes_ReturnsRequestedCount() {
        #expect(SecureRandom.bytes(0).isEmpty)
        #expect(SecureRandom.bytes(-1).isEmpty)
        #expect(SecureRandom.bytes(1).count == 1)
        #expect(SecureRandom.bytes(1000).count == 1000)
    }

    @Test func bytes_DiffersBetweenCalls() {
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
        // 1000 zero bytes from a working generator has probability 2^-8000.
        #expect(SecureRandom.bytes(1000).contains { $0 != 0 })
    }

    @Test func token_IsBase64URLOfRequestedLength() throws {
        let token = SecureRandom.token()
        #expect(token.utf8.count == 43)
        #expect(try #require(Base64URL.decode(token)).count == 32)
        #expect(try #require(Base64URL.decode(SecureRandom.token(byteCount: 16))).count == 16)
        #expect(SecureRandom.token() != SecureRandom.token())
    }
}
