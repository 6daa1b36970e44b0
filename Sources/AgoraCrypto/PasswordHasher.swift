internal import AgoraCore
internal import CArgon2

/// Hashes new passwords with Argon2id and checks stored Argon2id or Django PBKDF2 hashes.
public enum PasswordHasher {
    /// The Argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) of `password`,
    /// with a fresh 16-byte salt.
    /// - Throws: `PasswordHashError` if libargon2 fails (out of memory).
    public static func hash(_ password: String) throws(PasswordHashError) -> String {
        try hash(password, with: .current)
    }

    /// Checks `password` against a stored hash in any format we accept. Unreadable or unknown
    /// formats are a `.mismatch`, never a crash.
    public static func verify(_ password: String, against encoded: String) -> PasswordCheck {
        if encoded.hasPrefix("$argon2id$") { return verifyArgon2id(password, against: encoded) }
        if encoded.hasPrefix(DjangoPBKDF2.prefix) { return DjangoPBKDF2.verify(password, against: encoded) }
        return .mismatch
    }

    /// Costs about one `verify` of a current hash, so a login for an unknown user takes as long
    /// as one for a known user with a wrong password.
    public static func dummyVerify() {
        _ = verify("not the password", against: dummyHash)
    }

    /// A hash with the current parameters of a random password that was thrown away (a test pins
    /// the parameters, so raising them without renewing this string fails).
    static let dummyHash =
        "$argon2id$v=19$m=19456,t=2,p=1$YWdvcmFkdW1teXNhbHQxNg$nqJVDH4oLl+qtLtUnzprgdSOm0PF3JoqlMKEphL6RNs"

    /// Hashes with libargon2's `argon2_ctx` over an arena of its own (see `agora_argon2_allocate`:
    /// mapped for the hash, huge pages, unmapped after, so a worker keeps no 19 MiB after a login),
    /// and writes the PHC string as libargon2 does (unpadded standard base64).
    static func hash(
        _ password: String, with parameters: Argon2Parameters, salt: [UInt8]? = nil
    ) throws(PasswordHashError) -> String {
        let salt = salt ?? SecureRandom.bytes(parameters.saltLength)
        var output = [UInt8](repeating: 0, count: parameters.hashLength)
        let status = run(password, salt: salt, parameters: parameters, output: &output) { agora_argon2id_hash(&$0) }
        guard status == ARGON2_OK.rawValue else { throw PasswordHashError(code: status) }
        return "$argon2id$v=\(parameters.version)$m=\(parameters.memory),t=\(parameters.iterations),p=\(parameters.parallelism)$"
            + Base64.encodeUnpadded(salt) + "$" + Base64.encodeUnpadded(output)
    }

    static func verifyArgon2id(_ password: String, against encoded: String) -> PasswordCheck {
        guard let parameters = Argon2Parameters(phc: encoded) else { return .mismatch }
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard let salt = Base64.decodeUnpadded(fields[fields.count - 2]),
              let expected = Base64.decodeUnpadded(fields[fields.count - 1]),
              salt.count == parameters.saltLength, expected.count == parameters.hashLength
        else { return .mismatch }
        var output = [UInt8](repeating: 0, count: expected.count)
        // argon2_verify_ctx hashes into `output`, then compares it with `expected` in constant time.
        let status = expected.withUnsafeBufferPointer { expectedBytes in
            expectedBytes.withMemoryRebound(to: CChar.self) { expectedChars in
                run(password, salt: salt, parameters: parameters, output: &output) {
                    agora_argon2id_verify(&$0, expectedChars.baseAddress)
                }
            }
        }
        guard status == ARGON2_OK.rawValue else { return .mismatch }
        return .match(needsRehash: parameters != .current)
    }

    /// Fills an `argon2_context` for `password`, `salt` and `parameters`, writing into `output`,
    /// and calls `body` with it.
    private static func run(
        _ password: String, salt: [UInt8], parameters: Argon2Parameters, output: inout [UInt8],
        _ body: (inout argon2_context) -> Int32
    ) -> Int32 {
        var password = Array(password.utf8)
        let passwordCount = password.count
        // An empty password still points at a byte (its length stays 0).
        if password.isEmpty { password = [0] }
        var salt = salt
        let outputCount = output.count
        return output.withUnsafeMutableBufferPointer { out in
            password.withUnsafeMutableBufferPointer { pwd in
                salt.withUnsafeMutableBufferPointer { saltBytes in
                    var context = argon2_context()
                    context.out = out.baseAddress
                    context.outlen = UInt32(outputCount)
                    context.pwd = pwd.baseAddress
                    context.pwdlen = UInt32(passwordCount)
                    context.salt = saltBytes.baseAddress
                    context.saltlen = UInt32(saltBytes.count)
                    context.t_cost = parameters.iterations
                    context.m_cost = parameters.memory
                    context.lanes = parameters.parallelism
                    context.threads = parameters.parallelism
                    context.version = parameters.version
                    context.flags = 0  // ARGON2_DEFAULT_FLAGS (a macro Swift does not import)
                    return body(&context)
                }
            }
        }
    }
}
