import AgoraCore
import AgoraCrypto
import Testing

@Suite struct JWTSignerTests {
    static let secret = Array("a test secret that is long enough for HS256!".utf8)
    static let t0: Int64 = 1_700_000_000
    let signer = JWTSigner(secret: secret, now: { t0 })

    func validPayload(typ: String = "access") -> [String: JSON] {
        ["sub": "42", "typ": .string(typ), "sid": "s1", "jti": "j1", "iat": .int(Self.t0), "exp": .int(Self.t0 + 900),
         "iss": "agora"]
    }

    /// A token with an arbitrary header and payload, HMAC-SHA256-signed with `key`.
    func craft(header: JSON, payload: JSON, key: [UInt8] = secret) -> String {
        let input = Base64URL.encode(header.serialized()) + "." + Base64URL.encode(payload.serialized())
        return input + "." + Base64URL.encode(Digest.hmacSHA256(key: key, data: input.utf8))
    }

    func error(of token: String, expecting type: TokenType = .access, signer: JWTSigner? = nil) -> JWTError? {
        do {
            _ = try (signer ?? self.signer).verify(token, expecting: type)
            return nil
        } catch {
            return error
        }
    }

    @Test func signAndVerify_RoundTripsClaims() throws {
        let issued = signer.issue(type: .stream, subject: "42", sessionID: "sess", lifetime: 60, extra: ["chat": .int(7)])
        #expect(issued.claims.iat == Self.t0)
        #expect(issued.claims.exp == Self.t0 + 60)
        #expect(issued.claims.iss == "agora")
        #expect(issued.claims.jti.utf8.count == 22)
        let claims = try signer.verify(issued.token, expecting: .stream)
        #expect(claims == issued.claims)
        #expect(claims.extra["chat"] == .int(7))
    }

    @Test func sign_WritesHS256HeaderWithSortedKeys() throws {
        let issued = signer.issue(type: .access, subject: "1", sessionID: nil, lifetime: 900)
        let header = try #require(issued.token.split(separator: ".").first)
        #expect(Base64URL.decode(header) == Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        #expect(try signer.verify(issued.token, expecting: .access).sid == nil)
    }

    @Test func issue_GivesEachTokenAFreshJTI() {
        let a = signer.issue(type: .access, subject: "1", sessionID: "s", lifetime: 900)
        let b = signer.issue(type: .access, subject: "1", sessionID: "s", lifetime: 900)
        #expect(a.claims.jti != b.claims.jti)
        #expect(a.token != b.token)
    }

    @Test func verify_AcceptsCraftedTokenWithOurClaims() throws {
        let token = craft(header: ["alg": "HS256", "typ": "JWT"], payload: .object(validPayload()))
        #expect(try signer.verify(token, expecting: .access).sub == "42")
    }

    @Test func verify_RejectsAlgNone() {
        let payload = JSON.object(validPayload())
        let unsigned = Base64URL.encode(JSON.object(["alg": "none", "typ": "JWT"]).serialized()) + "."
            + Base64URL.encode(payload.serialized()) + "."
        #expect(error(of: unsigned) == .unsupportedAlgorithm)
        // Even with a correct HMAC, a header that does not say HS256 is refused.
        #expect(error(of: craft(header: ["alg": "none"], payload: payload)) == .unsupportedAlgorithm)
    }

    @Test(arguments: [JSON.object(["alg": "HS512", "typ": "JWT"]), ["alg": "hs256"], ["alg": "HS256 "], ["typ": "JWT"],
                      ["alg": .null], ["alg": ["HS256"]], ["alg": "RS256"]])
    func verify_RejectsAnyAlgOtherThanHS256(header: JSON) {
        #expect(error(of: craft(header: header, payload: .object(validPayload()))) == .unsupportedAlgorithm)
    }

    @Test func verify_RejectsHeaderWithCrit() {
        let token = craft(header: ["alg": "HS256", "crit": ["exp"]], payload: .object(validPayload()))
        #expect(error(of: token) == .malformed)
    }

    @Test func verify_RejectsWrongKey() {
        let other = JWTSigner(secret: Array("another secret entirely, also long".utf8), now: { Self.t0 })
        let token = other.issue(type: .access, subject: "42", sessionID: "s", lifetime: 900).token
        #expect(error(of: token) == .badSignature)
    }

    @Test func verify_RejectsFlippedSignatureByte() throws {
        let token = signer.issue(type: .access, subject: "42", sessionID: "s", lifetime: 900).token
        let parts = token.split(separator: ".").map(String.init)
        var signature = try #require(Base64URL.decode(parts[2]))
        signature[5] ^= 0x01
        #expect(error(of: parts[0] + "." + parts[1] + "." + Base64URL.encode(signature)) == .badSignature)
        #expect(error(of: parts[0] + "." + parts[1] + "." + Base64URL.encode(signature.dropLast())) == .badSignature)
        #expect(error(of: parts[0] + "." + parts[1] + ".") == .badSignature)
    }

    @Test func verify_RejectsTamperedPayload() throws {
        let token = signer.issue(type: .access, subject: "42", sessionID: "s", lifetime: 900).token
        let parts = token.split(separator: ".").map(String.init)
        var payload = validPayload()
        payload["sub"] = "1"
        let forged = parts[0] + "." + Base64URL.encode(JSON.object(payload).serialized()) + "." + parts[2]
        #expect(error(of: forged) == .badSignature)
    }

    @Test func verify_RejectsExpiredTokenWithTokenExpiredCode() {
        let token = signer.issue(type: .access, subject: "42", sessionID: "s", lifetime: 900).token
        let atExpiry = JWTSigner(secret: Self.secret, now: { Self.t0 + 900 })
        let justBefore = JWTSigner(secret: Self.secret, now: { Self.t0 + 899 })
        #expect(error(of: token, signer: justBefore) == nil)
        #expect(error(of: token, signer: atExpiry) == .expired)
        #expect(JWTError.expired.apiError.code == "token_expired")
        #expect(JWTError.expired.apiError.status == 401)
    }

    @Test func apiError_IsTokenInvalidForEverythingButExpiry() {
        for error in [JWTError.malformed, .badSignature, .unsupportedAlgorithm, .wrongType, .invalidClaims] {
            #expect(error.apiError.code == "token_invalid")
            #expect(error.apiError.status == 401)
        }
    }

    @Test(arguments: [(TokenType.refresh, TokenType.access), (.access, .refresh), (.access, .stream), (.stream, .access)])
    func verify_RejectsWrongType(issued: TokenType, expected: TokenType) {
        let token = signer.issue(type: issued, subject: "42", sessionID: "s", lifetime: 900).token
        #expect(error(of: token, expecting: expected) == .wrongType)
    }

    @Test func verify_RejectsUnknownType() {
        #expect(error(of: craft(header: ["alg": "HS256"], payload: .object(validPayload(typ: "admin")))) == .wrongType)
    }

    @Test func verify_RejectsWrongIssuer() {
        let foreign = JWTSigner(secret: Self.secret, issuer: "elsewhere", now: { Self.t0 })
        let token = foreign.issue(type: .access, subject: "42", sessionID: "s", lifetime: 900).token
        #expect(error(of: token) == .invalidClaims)
    }

    @Test func verify_RejectsIssuedAtMoreThanAMinuteAhead() {
        let early = JWTSigner(secret: Self.secret, now: { Self.t0 - 61 })
        let slightlyEarly = JWTSigner(secret: Self.secret, now: { Self.t0 - 60 })
        let token = signer.issue(type: .access, subject: "42", sessionID: "s", lifetime: 900).token
        #expect(error(of: token, signer: slightlyEarly) == nil)
        #expect(error(of: token, signer: early) == .invalidClaims)
    }

    @Test(arguments: ["sub", "typ", "jti", "iat", "exp", "iss"])
    func verify_RejectsMissingClaim(name: String) {
        var payload = validPayload()
        payload[name] = nil
        #expect(error(of: craft(header: ["alg": "HS256"], payload: .object(payload))) != nil)
    }

    @Test(arguments: [("sub", JSON.int(42)), ("exp", "1700000900"), ("exp", .double(1_700_000_900.5)), ("iat", .null),
                      ("sid", .int(1)), ("jti", .bool(true)), ("iss", .array([]))])
    func verify_RejectsMistypedClaim(name: String, value: JSON) {
        var payload = validPayload()
        payload[name] = value
        #expect(error(of: craft(header: ["alg": "HS256"], payload: .object(payload))) == .invalidClaims)
    }

    @Test func verify_RejectsSignedPayloadThatIsNotAnObject() {
        #expect(error(of: craft(header: ["alg": "HS256"], payload: ["sub", "42"])) == .invalidClaims)
    }

    @Test(arguments: ["", ".", "..", "a.b", "a.b.c.d", "a.b.c", "!!!.###.$$$", "eyJhbGciOiJIUzI1NiJ9..",
                      "eyJhbGciOiJIUzI1NiJ9.e30.AAAA=", "e30.e30.e30", "W10.e30.e30", "bm90IGpzb24.e30.e30",
                      "ey.ey.ey", String(repeating: "a", count: 100_000) + ".b.c", "é.é.é"])
    func verify_RejectsGarbage(token: String) {
        #expect(error(of: token) != nil)
    }

    @Test func verify_RejectsPaddedOrNonCanonicalBase64() throws {
        let token = signer.issue(type: .access, subject: "42", sessionID: "s", lifetime: 900).token
        #expect(error(of: token + "=") == .malformed)
        #expect(error(of: token + " ") == .malformed)
        #expect(error(of: " " + token) == .malformed)
    }
}
