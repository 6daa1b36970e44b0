internal import COpenSSL

/// SHA-256 and HMAC-SHA256 on OpenSSL's EVP layer.
public enum Digest {
    /// The SHA-256 digest (32 bytes) of `bytes`.
    ///
    /// OpenSSL fails here only when it cannot allocate; the result is then empty, which
    /// `constantTimeEquals` never finds equal to a real digest, so callers fail closed.
    public static func sha256(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = input.withUnsafeBytes { data in
            out.withUnsafeMutableBufferPointer { digest in
                EVP_Digest(data.baseAddress, data.count, digest.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        guard ok == 1, length == 32 else { return [] }
        return Array(out.prefix(Int(length)))
    }

    /// The HMAC-SHA256 (32 bytes) of `data` under `key`; empty only if OpenSSL cannot allocate.
    public static func hmacSHA256(key: [UInt8], data: some Collection<UInt8>) -> [UInt8] {
        let input = Array(data)
        guard key.count <= Int(Int32.max) else { return [] }
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // An empty array may have no base address, and HMAC reads a NULL key as "reuse the
        // previous key", so an empty key is passed as a valid pointer with length 0.
        let keyBytes = key.isEmpty ? [0] : key
        let result = keyBytes.withUnsafeBytes { keyBuffer in
            input.withUnsafeBytes { dataBuffer in
                out.withUnsafeMutableBufferPointer { mac in
                    HMAC(EVP_sha256(), keyBuffer.baseAddress, Int32(key.count),
                         dataBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self), dataBuffer.count,
                         mac.baseAddress, &length)
                }
            }
        }
        guard result != nil, length == 32 else { return [] }
        return Array(out.prefix(Int(length)))
    }
}

/// Compares two byte strings in time independent of their contents (not of their lengths).
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    // The lengths of MACs and digests are public, so returning early on a mismatch leaks nothing.
    guard a.count == b.count else { return false }
    if a.isEmpty { return true }
    return a.withUnsafeBytes { left in
        b.withUnsafeBytes { right in
            CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
        }
    }
}


/// SHA-256 fed in pieces, for data too large to hold at once (an upload's body file).
public final class SHA256Hasher {
    private let context: OpaquePointer?
    private var failed: Bool

    public init() {
        context = EVP_MD_CTX_new()
        failed = context == nil || EVP_DigestInit_ex(context, EVP_sha256(), nil) != 1
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard !failed, let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if EVP_DigestUpdate(context, base, bytes.count) != 1 { failed = true }
    }

    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest (32 bytes); empty when OpenSSL failed, like `Digest.sha256`.
    public func finish() -> [UInt8] {
        guard !failed else { return [] }
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = out.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        failed = true
        guard ok == 1, length == 32 else { return [] }
        return Array(out.prefix(32))
    }
}
