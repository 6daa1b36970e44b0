internal import CArgon2

#if canImport(Glibc)
internal import Glibc
#endif

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

    /// Argon2id's 19 MiB arena goes back to the system after every hash. glibc serves an
    /// allocation that large with `mmap`, but once one such block is freed it raises its mmap
    /// threshold to that size, so from the second hash on the arena came from the heap and stayed
    /// resident (an auth worker held 42 MB after one login, 24.5 MB of it private). A fixed
    /// threshold (1 MiB) turns that adjustment off: every arena is mapped and unmapped.
    static let arenaReturnsToTheSystem: Bool = {
        #if canImport(Glibc)
        // <malloc.h> is not part of Swift's Glibc module: `mallopt` is looked up at run time.
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        return unsafeBitCast(symbol, to: MallOpt.self)(mmapThreshold, 1 << 20) == 1
        #else
        return false
        #endif
    }()

    static func hash(_ password: String, with parameters: Argon2Parameters) throws(PasswordHashError) -> String {
        _ = arenaReturnsToTheSystem
        let salt = SecureRandom.bytes(parameters.saltLength)
        let capacity = argon2_encodedlen(
            parameters.iterations, parameters.memory, parameters.parallelism,
            UInt32(parameters.saltLength), UInt32(parameters.hashLength), Argon2_id)
        var encoded = [CChar](repeating: 0, count: capacity)
        let password = Array(password.utf8)
        let status = password.withUnsafeBytes { passwordBuffer in
            salt.withUnsafeBytes { saltBuffer in
                encoded.withUnsafeMutableBufferPointer { out in
                    argon2id_hash_encoded(
                        parameters.iterations, parameters.memory, parameters.parallelism,
                        passwordBuffer.baseAddress, passwordBuffer.count, saltBuffer.baseAddress, saltBuffer.count,
                        parameters.hashLength, out.baseAddress, out.count)
                }
            }
        }
        guard status == ARGON2_OK.rawValue else { throw PasswordHashError(code: status) }
        let terminated = encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: terminated, as: UTF8.self)
    }

    static func verifyArgon2id(_ password: String, against encoded: String) -> PasswordCheck {
        _ = arenaReturnsToTheSystem
        guard let parameters = Argon2Parameters(phc: encoded) else { return .mismatch }
        let password = Array(password.utf8)
        let status = encoded.withCString { encodedPointer in
            password.withUnsafeBytes { buffer in
                argon2id_verify(encodedPointer, buffer.baseAddress, buffer.count)
            }
        }
        guard status == ARGON2_OK.rawValue else { return .mismatch }
        return .match(needsRehash: parameters != .current)
    }
}
