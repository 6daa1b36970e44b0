/// Lower-case hexadecimal, two digits a byte, written straight into the string's storage.
public func hexString(_ bytes: some Collection<UInt8>) -> String {
    String(unsafeUninitializedCapacity: bytes.count * 2) { out in
        writeHex(bytes, into: out)
        return bytes.count * 2
    }
}

/// Writes `bytes` as lower-case hexadecimal at the start of `out` (two digits a byte).
func writeHex(_ bytes: some Collection<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) {
    let digits: StaticString = "0123456789abcdef"
    var index = 0
    for byte in bytes {
        out[index] = digits.utf8Start[Int(byte >> 4)]
        out[index + 1] = digits.utf8Start[Int(byte & 0x0F)]
        index += 2
    }
}
