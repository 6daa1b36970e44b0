internal import AgoraCore
internal import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's CSPRNG.
public enum SecureRandom {
    /// `count` random bytes (none if `count` is not positive).
    public static func bytes(_ count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: count)
        let ok = count <= Int(Int32.max) && out.withUnsafeMutableBufferPointer { buffer in
            RAND_bytes(buffer.baseAddress, Int32(buffer.count)) == 1
        }
        if !ok {
            // RAND_bytes fails only if it cannot seed itself; the standard library's generator
            // reads the kernel directly (getrandom) and is the only sound fallback: returning
            // zeros or throwing into token issuance would be worse.
            var generator = SystemRandomNumberGenerator()
            for index in out.indices { out[index] = generator.next() }
        }
        return out
    }

    /// A random token of `byteCount` bytes in base64url (43 characters for the default 32 bytes).
    public static func token(byteCount: Int = 32) -> String {
        Base64URL.encode(bytes(byteCount))
    }
}
