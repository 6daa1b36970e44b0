/// NUL-terminated strings in one contiguous buffer, handed to libpq as a `const char * const *`
/// array that is valid only inside `withPointers`.
struct CStringList {
    private var storage: [UInt8] = []
    /// Offsets of each string's first byte; nil stands for a NULL pointer (SQL NULL).
    private var offsets: [Int?] = []

    var count: Int { offsets.count }

    mutating func append(_ text: String) {
        offsets.append(storage.count)
        storage.append(contentsOf: text.utf8)
        storage.append(0)
    }

    mutating func appendNull() {
        offsets.append(nil)
    }

    mutating func append(_ value: PostgresValue?) throws(PostgresError) {
        guard let value else { return appendNull() }
        let start = storage.count
        try value.appendText(to: &storage)
        storage.append(0)
        offsets.append(start)
    }

    /// Calls `body` with a pointer to `count` C strings (nil when the list is empty).
    func withPointers<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        storage.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                    offset.flatMap { chars.baseAddress?.advanced(by: $0) }
                }
                return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
            }
        }
    }
}
