/// Request ids: a client's sane `X-Request-ID` is kept, otherwise nginx's `$request_id`, otherwise
/// a fresh random one (local invocations).
public enum RequestID {
    /// 1–128 characters of `A-Z a-z 0-9 - _ . :`.
    public static func isSane(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in
            guard (1...128).contains(bytes.count) else { return false }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                    UInt8(ascii: "."), UInt8(ascii: ":"):
                    continue
                default: return false
                }
            }
            return true
        }
    }

    public static func resolve(client: String?, proxy: String?) -> String {
        if let client, isSane(client) { return client }
        if let proxy, isSane(proxy) { return proxy }
        return generate()
    }

    /// 32 lowercase hex characters, like nginx's `$request_id`.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return hex(high) + hex(low)
    }

    static func hex(_ value: UInt64) -> String {
        withUnsafeBytes(of: value.bigEndian) { hexString($0) }
    }
}
