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
        var memory: UInt32?, iterations: UInt32?, parallelism: UInt32?
        for pair in fields[2].split(separator: ",", omittingEmptySubsequences: false) {
            let value = Self.number(pair.dropFirst(2))
            switch pair.prefix(2) {
            case "m=" where memory == nil: memory = value
            case "t=" where iterations == nil: iterations = value
            case "p=" where parallelism == nil: parallelism = value
            default: return nil
            }
        }
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
