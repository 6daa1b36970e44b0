public import AgoraCore
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A token together with the claims it carries.
public struct IssuedToken: Sendable, Equatable {
    /// The compact JWT.
    public var token: String
    /// Its claims.
    public var claims: JWTClaims
}

/// Signs and verifies HS256 JWTs with one secret and issuer.
public struct JWTSigner: Sendable {
    /// The base64url of `{"alg":"HS256","typ":"JWT"}`; every token we sign starts with it.
    static let encodedHeader = Base64URL.encode(JSON.object(["alg": "HS256", "typ": "JWT"]).serialized())
    /// Longer tokens are refused before any decoding or parsing work.
    static let maxTokenLength = 8192
    /// How far in the future `iat` may lie (clock skew between hosts).
    static let iatLeeway: Int64 = 60

    let key: HMACSHA256Key
    /// The `iss` claim written and required.
    public let issuer: String
    let now: @Sendable () -> Int64

    /// Creates a signer.
    /// - Parameters:
    ///   - secret: the HMAC key; the caller ensures it is long and random.
    ///   - now: the current unix time in seconds (injectable for tests).
    public init(secret: [UInt8], issuer: String = "agora", now: @Sendable @escaping () -> Int64 = JWTSigner.systemNow) {
        key = HMACSHA256Key(secret)
        self.issuer = issuer
        self.now = now
    }

    /// The wall clock in unix seconds.
    public static let systemNow: @Sendable () -> Int64 = { Int64(time(nil)) }

    /// The compact serialisation of `claims`, signed.
    public func sign(_ claims: JWTClaims) -> String {
        let signingInput = Self.encodedHeader + "." + Base64URL.encode(claims.json.serialized())
        return signingInput + "." + Base64URL.encode(key.mac(signingInput.utf8))
    }

    /// Makes fresh claims (new `jti`, `iat` now, `exp` after `lifetime` seconds) and signs them.
    public func issue(
        type: TokenType, subject: String, sessionID: String?, lifetime: Int64, extra: [String: JSON] = [:]
    ) -> IssuedToken {
        let issuedAt = now()
        let claims = JWTClaims(
            sub: subject, typ: type, sid: sessionID, jti: SecureRandom.token(byteCount: 16),
            iat: issuedAt, exp: issuedAt + lifetime, iss: issuer, extra: extra)
        return IssuedToken(token: sign(claims), claims: claims)
    }

    /// The claims of `token` if it is ours, intact, of `type` and current.
    /// - Throws: `JWTError`; its `apiError` is the 401 to send.
    public func verify(_ token: String, expecting type: TokenType) throws(JWTError) -> JWTClaims {
        let bytes = Array(token.utf8)
        guard bytes.count <= Self.maxTokenLength else { throw .malformed }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed }

        guard let headerBytes = Base64URL.decode(String(decoding: parts[0], as: UTF8.self)),
              let header = try? JSON.parse(headerBytes), let headerMembers = header.objectValue
        else { throw .malformed }
        guard headerMembers["alg"]?.stringValue == "HS256" else { throw .unsupportedAlgorithm }
        // RFC 7515 4.1.11: extensions we do not understand must make the token invalid.
        guard headerMembers["crit"] == nil else { throw .malformed }

        // Nothing in the payload is looked at before the signature is known to be ours.
        guard let signature = Base64URL.decode(String(decoding: parts[2], as: UTF8.self)) else { throw .malformed }
        let signingInput = bytes[..<(parts[1].endIndex)]
        let expected = key.mac(signingInput)
        guard !expected.isEmpty, constantTimeEquals(signature, expected) else { throw .badSignature }

        guard let payloadBytes = Base64URL.decode(String(decoding: parts[1], as: UTF8.self)),
              let payload = try? JSON.parse(payloadBytes)
        else { throw .malformed }
        let claims = try JWTClaims(json: payload)
        guard claims.iss == issuer else { throw .invalidClaims }
        guard claims.typ == type else { throw .wrongType }
        let current = now()
        guard claims.exp > current else { throw .expired }
        guard claims.iat <= current + Self.iatLeeway else { throw .invalidClaims }
        return claims
    }
}
