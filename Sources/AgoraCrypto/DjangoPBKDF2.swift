import AgoraCore
internal import COpenSSL

/// Django's `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`, for users imported from Django.
enum DjangoPBKDF2 {
    static let prefix = "pbkdf2_sha256$"
    static let iterationRange = 1...10_000_000

    /// A match always needs a rehash: these hashes are only ever migrated to Argon2id.
    static func verify(_ password: String, against encoded: String) -> PasswordCheck {
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 4, fields[0] == "pbkdf2_sha256",
              fields[1].utf8.count <= 8, fields[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let iterations = Int(fields[1]), iterationRange.contains(iterations),
              !fields[2].isEmpty,
              let expected = Base64.decode(fields[3]), expected.count == 32
        else { return .mismatch }
        guard let derived = derive(Array(password.utf8), salt: Array(fields[2].utf8), iterations: iterations,
                                   length: expected.count)
        else { return .mismatch }
        return constantTimeEquals(derived, expected) ? .match(needsRehash: true) : .mismatch
    }

    static func derive(_ password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8]? {
        guard password.count <= Int(Int32.max), salt.count <= Int(Int32.max) else { return nil }
        var out = [UInt8](repeating: 0, count: length)
        // Empty arrays may have no base address; OpenSSL wants a pointer even for length 0.
        let passwordBytes = password.isEmpty ? [0] : password
        let status = passwordBytes.withUnsafeBufferPointer { passwordBuffer in
            salt.withUnsafeBufferPointer { saltBuffer in
                out.withUnsafeMutableBufferPointer { outBuffer in
                    passwordBuffer.withMemoryRebound(to: CChar.self) { passwordChars in
                        PKCS5_PBKDF2_HMAC(
                            passwordChars.baseAddress, Int32(password.count), saltBuffer.baseAddress,
                            Int32(saltBuffer.count), Int32(iterations), EVP_sha256(), Int32(length),
                            outBuffer.baseAddress)
                    }
                }
            }
        }
        return status == 1 ? out : nil
    }
}
