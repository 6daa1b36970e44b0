import AgoraCore
import Testing

@testable import AgoraCrypto

@Suite struct PasswordHasherTests {
    /// `hashlib.pbkdf2_hmac('sha256', b'correct horse', b'seasalt', 260000)`, as Django stores it.
    static let djangoHash = "pbkdf2_sha256$260000$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ="
    /// Made by libargon2 directly with t=1, m=8192 for "correct horse".
    static let oldArgon2Hash =
        "$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M"

    @Test func hash_ThenVerify_MatchesWithoutRehash() throws {
        let encoded = try PasswordHasher.hash("correct horse battery staple")
        #expect(PasswordHasher.verify("correct horse battery staple", against: encoded) == .match(needsRehash: false))
    }

    @Test func verify_WrongPassword_Mismatches() throws {
        let encoded = try PasswordHasher.hash("correct horse battery staple")
        #expect(PasswordHasher.verify("correct horse battery stapl", against: encoded) == .mismatch)
        #expect(PasswordHasher.verify("", against: encoded) == .mismatch)
    }

    @Test func hash_UsesCurrentParametersAndFreshSalt() throws {
        let a = try PasswordHasher.hash("pässwörd 🔑")
        let b = try PasswordHasher.hash("pässwörd 🔑")
        #expect(a.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(a != b)
        let parameters = try #require(Argon2Parameters(phc: a))
        #expect(parameters == .current)
        #expect(PasswordHasher.verify("pässwörd 🔑", against: b) == .match(needsRehash: false))
    }

    @Test func hash_AcceptsEmptyPassword() throws {
        let encoded = try PasswordHasher.hash("")
        #expect(PasswordHasher.verify("", against: encoded) == .match(needsRehash: false))
        #expect(PasswordHasher.verify("x", against: encoded) == .mismatch)
    }

    @Test func verify_HashWithOtherParameters_NeedsRehash() throws {
        #expect(PasswordHasher.verify("correct horse", against: Self.oldArgon2Hash) == .match(needsRehash: true))
        #expect(PasswordHasher.verify("correct horsE", against: Self.oldArgon2Hash) == .mismatch)
        let fresh = try PasswordHasher.hash("pw", with: Argon2Parameters(memory: 19_456, iterations: 1, parallelism: 1))
        #expect(fresh.hasPrefix("$argon2id$v=19$m=19456,t=1,p=1$"))
        #expect(PasswordHasher.verify("pw", against: fresh) == .match(needsRehash: true))
    }

    /// Made by libargon2's own `argon2_hash` (encoded output), salt "somesaltsomesalt", for "correct horse".
    static let libargon2Hash =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$k9ohroejZy1PN5E1SbHNPug6vB8eQAahb5SOAp6iGF4"
    static let libargon2Version16Hash =
        "$argon2id$v=16$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$6dF7H9uc7pmAZo/HhhemoolFkL1lDVqljTgoc5McsiY"

    /// The arena is our own mapping now (argon2_ctx with callbacks): hashes and PHC strings must
    /// be byte for byte what libargon2's encoded API gives.
    @Test func hash_WritesWhatLibargon2Writes_AndReadsWhatItWrites() throws {
        let ours = try PasswordHasher.hash("correct horse", with: .current, salt: Array("somesaltsomesalt".utf8))
        #expect(ours == Self.libargon2Hash)
        #expect(PasswordHasher.verify("correct horse", against: Self.libargon2Hash) == .match(needsRehash: false))
        #expect(PasswordHasher.verify("correct horse", against: Self.libargon2Version16Hash) == .match(needsRehash: true))
        #expect(PasswordHasher.verify("correct hors", against: Self.libargon2Version16Hash) == .mismatch)
    }

    @Test(arguments: ["c29tZXNhbHRzb21lc2FsdA", "c29tZXNhbHRzb21lc2FsdB", "c29tZXNhbHRzb21lc2FsdA==", "c29tZXNhbHRzb21lc2Fsd",
                      "c29tZXNhbHRzb21lc2Fsd*", ""])
    func strictBase64_AcceptsOnlyTheCanonicalForm(text: String) {
        let decoded = Base64.decodeUnpadded(Substring(text))
        #expect((decoded != nil) == (text == "c29tZXNhbHRzb21lc2FsdA" || text.isEmpty))
        if text == "c29tZXNhbHRzb21lc2FsdA" { #expect(decoded == Array("somesaltsomesalt".utf8)) }
    }

    @Test func dummyHash_HasCurrentParameters() throws {
        #expect(try #require(Argon2Parameters(phc: PasswordHasher.dummyHash)) == .current)
        PasswordHasher.dummyVerify()
    }

    @Test(arguments: [
        "", "plain", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M",
        "$argon2id$", "$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA",
        "$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$",
        "$argon2id$v=19$m=8192,t=1,p=1$$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M",
        "$argon2id$v=19$m=8192,t=1$c2FsdHNhbHRzYWx0c2FsdA$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M",
        "$argon2id$v=19$m=8192,t=1,p=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M",
        "$argon2id$v=19$m=-1,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M",
        "$argon2id$v=19$m=4294967295,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M",
        "$argon2id$v=19$m=8192,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M",
        "$argon2id$v=19$m=8192,t=1000000,p=1$c2FsdHNhbHRzYWx0c2FsdA$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M",
        "$argon2id$v=19$m=8192,t=1,p=0$c2FsdHNhbHRzYWx0c2FsdA$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M",
        "$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6N",
        "$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M=",
        "$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M$x",
        "$argon2id$v=x$m=8192,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M",
        // libargon2 reads the parameters in this order only; reordered, even the right password fails.
        "$argon2id$v=19$t=1,m=8192,p=1$c2FsdHNhbHRzYWx0c2FsdA$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M",
        "$argon2id$v=19$p=1,t=1,m=8192$c2FsdHNhbHRzYWx0c2FsdA$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M",
        "$argon2id$v=19$m=8192,t=1,p=1$" + String(repeating: "A", count: 600) + "$ulKcj6VJ78RNwnS/MJMzy87l8JYJKGxNMZ6yzgcex6M",
    ])
    func verify_MalformedArgon2_Mismatches(encoded: String) {
        #expect(PasswordHasher.verify("correct horse", against: encoded) == .mismatch)
    }

    @Test func verify_DjangoPBKDF2_MatchesAndNeedsRehash() {
        #expect(PasswordHasher.verify("correct horse", against: Self.djangoHash) == .match(needsRehash: true))
    }

    @Test func verify_DjangoPBKDF2_EncodesPasswordAsUTF8() {
        // hashlib.pbkdf2_hmac('sha256', 'pässwörd🔑'.encode(), b'NaCl42', 1000)
        let encoded = "pbkdf2_sha256$1000$NaCl42$uijCyMceN7gETNOJ0KWavVcj38R+NakmC/xdJNWFmK8="
        #expect(PasswordHasher.verify("pässwörd🔑", against: encoded) == .match(needsRehash: true))
    }

    @Test func verify_DjangoPBKDF2_WrongPassword_Mismatches() {
        #expect(PasswordHasher.verify("correct horsE", against: Self.djangoHash) == .mismatch)
        #expect(PasswordHasher.verify("", against: Self.djangoHash) == .mismatch)
    }

    @Test(arguments: [
        "pbkdf2_sha256$260000$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ",
        "pbkdf2_sha256$260000$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYR=",
        "pbkdf2_sha256$260000$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ=$",
        "pbkdf2_sha256$260000$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DW",
        "pbkdf2_sha256$260000$seasalt$",
        "pbkdf2_sha256$260000$$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ=",
        "pbkdf2_sha256$$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ=",
        "pbkdf2_sha256$0$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ=",
        "pbkdf2_sha256$-1$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ=",
        "pbkdf2_sha256$+260000$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ=",
        "pbkdf2_sha256$10000001$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ=",
        "pbkdf2_sha256$99999999999999999999$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ=",
        "pbkdf2_sha256$26e4$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ=",
        "pbkdf2_sha256$260000$seasalt",
        "pbkdf2_sha256$",
        "pbkdf2_sha1$260000$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ=",
        "PBKDF2_SHA256$260000$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ=",
        "pbkdf2_sha256$260000$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ=\n",
        "pbkdf2_sha256$260000$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ=AAAA",
        "md5$seasalt$abc", "bcrypt_sha256$$2b$12$abc",
    ])
    func verify_MalformedDjango_Mismatches(encoded: String) {
        #expect(PasswordHasher.verify("correct horse", against: encoded) == .mismatch)
    }

    @Test func verify_DjangoIterationCountIsPartOfTheHash() {
        let fewer = "pbkdf2_sha256$259999$seasalt$htpQDYdyy5MZ7bxS8mQJ0sjrWSVIvZJLEHJYe2DWsYQ="
        #expect(PasswordHasher.verify("correct horse", against: fewer) == .mismatch)
    }

    @Test func passwordHashError_IsAnInternalError() {
        #expect(PasswordHashError(code: -22).apiError.code == "internal_error")
        #expect("\(PasswordHashError(code: -22))" == "argon2 error -22")
    }
}
