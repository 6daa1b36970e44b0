/// The cost parameters of an Argon2id hash, as written in its PHC string.
struct Argon2Parameters: Equatable, Sendable {
    /// Memory in KiB.
    var memory: UInt32
    var iterations: UInt32
    var parallelism: UInt32
    var version: UInt32 = 0x13
    var saltLength = 16
    var hashLength = 32

    /// OWASP's recommendation for Argon2id: 19 MiB, two passes, one lane.
    static let current = Argon2Parameters(memory: 19_456, iterations: 2, parallelism: 1)

    /// Stored hashes beyond these are refused unverified, so a corrupt or planted row cannot make
    /// one login allocate gigabytes or run for minutes.
    static let maxMemory: UInt32 = 262_144
    static let maxIterations: UInt32 = 32
    static let maxParallelism: UInt32 = 16
    static let maxEncodedLength = 512

    /// Reads `$argon2id$v=19$m=..,t=..,p=..$<salt>$<hash>` (salt and hash unpadded base64).
    init?(phc encoded: String) {
        guard encoded.utf8.count <= Self.maxEncodedLength else { return nil }
        var fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 6 || fields.count == 5, fields[0].isEmpty, fields[1] == "argon2id" else { return nil }
        if fields.count == 6 {
            guard fields[2].hasPrefix("v="), let version = Self.number(fields[2].dropFirst(2)) else { return nil }
            self.version = version
            fields.remove(at: 2)
        } else {
            version = 0x10
        }
        // Exactly `m=...,t=...,p=...`, in that order, as libargon2 reads (and writes) them.
        let pairs = fields[2].split(separator: ",", omittingEmptySubsequences: false)
        guard pairs.count == 3, pairs[0].hasPrefix("m="), pairs[1].hasPrefix("t="), pairs[2].hasPrefix("p=") else { return nil }
        let memory = Self.number(pairs[0].dropFirst(2))
        let iterations = Self.number(pairs[1].dropFirst(2))
        let parallelism = Self.number(pairs[2].dropFirst(2))
        guard let memory, let iterations, let parallelism,
              (1...Self.maxIterations).contains(iterations), (1...Self.maxParallelism).contains(parallelism),
              memory >= 8 * parallelism, memory <= Self.maxMemory,
              let saltLength = Self.unpaddedBase64Length(fields[3]), saltLength >= 8,
              let hashLength = Self.unpaddedBase64Length(fields[4]), hashLength >= 4
        else { return nil }
        self.memory = memory
        self.iterations = iterations
        self.parallelism = parallelism
        self.saltLength = saltLength
        self.hashLength = hashLength
    }

    init(memory: UInt32, iterations: UInt32, parallelism: UInt32) {
        self.memory = memory
        self.iterations = iterations
        self.parallelism = parallelism
    }

    /// A decimal of at most 9 digits, without sign or leading zeros.
    private static func number(_ text: Substring) -> UInt32? {
        guard !text.isEmpty, text.utf8.count <= 9, text == "0" || !text.hasPrefix("0"),
              text.utf8.allSatisfy({ (0x30...0x39).contains($0) })
        else { return nil }
        return UInt32(text)
    }

    /// The decoded length of unpadded base64, or nil if the length is impossible.
    private static func unpaddedBase64Length(_ text: Substring) -> Int? {
        let count = text.utf8.count
        guard count % 4 != 1 else { return nil }
        return count * 3 / 4
    }
}
