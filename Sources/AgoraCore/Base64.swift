/// Standard base64 with padding (RFC 4648 section 4): invocation events, Django hashes.
public enum Base64 {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let decodeTable: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var text = Base64URL.encode(bytes, alphabet: alphabet)
        while text.utf8.count % 4 != 0 { text += "=" }
        return text
    }

    /// Standard alphabet without padding, as PHC password-hash strings write it.
    public static func encodeUnpadded(_ bytes: some Collection<UInt8>) -> String {
        Base64URL.encode(bytes, alphabet: alphabet)
    }

    /// Standard alphabet without padding, strictly (`Base64URL.decode`'s rules): one value has
    /// one encoding.
    public static func decodeUnpadded(_ text: some StringProtocol) -> [UInt8]? {
        Base64URL.decode(text, table: decodeTable)
    }

    /// Decodes padded base64; whitespace-free input only.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var body = Substring(text)
        guard body.utf8.count % 4 == 0 else { return nil }
        var padding = 0
        while body.last == "=", padding < 2 { body = body.dropLast(); padding += 1 }
        return Base64URL.decode(body, table: decodeTable)
    }
}
