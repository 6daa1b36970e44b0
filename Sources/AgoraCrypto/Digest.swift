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
    /// A key used more than once is made once (`HMACSHA256Key`).
    public static func hmacSHA256(key: [UInt8], data: some Collection<UInt8>) -> [UInt8] {
        HMACSHA256Key(key).mac(data)
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

/// HMAC-SHA256 under one key whose two padded blocks (key ⊕ ipad, key ⊕ opad) are hashed once,
/// when the key is made (RFC 2104, section 4, "precomputed" keys). A MAC then copies those two
/// SHA-256 states and hashes the message and the inner digest: OpenSSL 3's one-shot `HMAC()`
/// fetched the algorithm, built a MAC context and hashed both key blocks again at every call,
/// about six times the work for a token-sized message. Every request with a token checks one.
public final class HMACSHA256Key: @unchecked Sendable {
    // Both contexts are written only here, in `init`; `mac` copies them (a read), so one key
    // serves any number of threads.
    // Nil only when OpenSSL could not allocate: every MAC is then empty.
    private let inner: OpaquePointer?
    private let outer: OpaquePointer?

    /// A key of any length (a key longer than SHA-256's 64-byte block is hashed first, as RFC
    /// 2104 says).
    public init(_ key: [UInt8]) {
        var block = key.count > 64 ? Digest.sha256(key) : key
        block += [UInt8](repeating: 0, count: max(0, 64 - block.count))
        let usable = block.count == 64
        inner = usable ? HMACSHA256Key.absorb(block.map { $0 ^ 0x36 }) : nil
        outer = usable ? HMACSHA256Key.absorb(block.map { $0 ^ 0x5C }) : nil
    }

    deinit {
        EVP_MD_CTX_free(inner)
        EVP_MD_CTX_free(outer)
    }

    /// A SHA-256 context that has hashed `block`.
    private static func absorb(_ block: [UInt8]) -> OpaquePointer? {
        guard let context = EVP_MD_CTX_new() else { return nil }
        let ok = block.withUnsafeBytes { bytes in
            EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 && EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1
        }
        guard ok else {
            EVP_MD_CTX_free(context)
            return nil
        }
        return context
    }

    /// The 32-byte MAC of `data`; empty only if OpenSSL cannot allocate (callers fail closed:
    /// `constantTimeEquals` finds it equal to no real MAC).
    public func mac(_ data: some Collection<UInt8>) -> [UInt8] {
        guard let inner, let outer, let context = EVP_MD_CTX_new() else { return [] }
        defer { EVP_MD_CTX_free(context) }
        var digest = [UInt8](repeating: 0, count: 32)
        let hashed = digest.withUnsafeMutableBufferPointer { out -> Bool in
            var length: UInt32 = 0
            guard EVP_MD_CTX_copy_ex(context, inner) == 1 else { return false }
            let absorbed = data.withContiguousStorageIfAvailable { bytes in
                EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1
            } ?? Array(data).withUnsafeBytes { bytes in EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1 }
            guard absorbed, EVP_DigestFinal_ex(context, out.baseAddress, &length) == 1, length == 32,
                  EVP_MD_CTX_copy_ex(context, outer) == 1,
                  EVP_DigestUpdate(context, out.baseAddress, 32) == 1,
                  EVP_DigestFinal_ex(context, out.baseAddress, &length) == 1, length == 32
            else { return false }
            return true
        }
        return hashed ? digest : []
    }
}
