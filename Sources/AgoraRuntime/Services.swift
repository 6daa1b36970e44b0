import AgoraCore
import AgoraCrypto

/// Per-process services built once from the configuration.
final class Services: Sendable {
    let tokens: TokenService
    let cursorSigner: HMACCursorSigner
    let publisher: Publisher

    init(config: Config) {
        tokens = TokenService(signer: JWTSigner(secret: config.jwtSecret))
        publisher = Publisher(socketPath: config.publishSocket)
        // A key of its own, derived from the secret, so a cursor MAC is never a token MAC.
        cursorSigner = HMACCursorSigner(key: Digest.hmacSHA256(key: config.jwtSecret, data: Array("agora-cursor".utf8)))
    }
}

/// Cursor MACs: HMAC-SHA256 under a key derived from `JWT_SECRET`.
struct HMACCursorSigner: CursorSigner {
    let key: HMACSHA256Key
    init(key: [UInt8]) { self.key = HMACSHA256Key(key) }
    func mac(_ data: [UInt8]) -> [UInt8] { key.mac(data) }
    func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool { constantTimeEquals(a, b) }
}
