/// The common-password list Django 4.2 ships (`django/contrib/auth/common-passwords.txt.gz`,
/// 20,000 passwords from Royce Williams' breach compilation), lowercased and de-duplicated:
/// `common-passwords.txt` beside this file, one a line, compiled in as one string literal
/// (`text`, `count`) by the build-tool plugin `Plugins/CommonPasswords`.
enum CommonPasswords {
    /// Every password of the list. Built at first use, so a function that never checks a
    /// password never pays for it; a `static let` is initialised exactly once, thread-safely.
    static let all: Set<String> = {
        var set = Set<String>(minimumCapacity: count)
        text.withUTF8Buffer { bytes in
            var start = 0
            for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
                set.insert(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                start = index + 1
            }
            if start < bytes.count {
                set.insert(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            }
        }
        return set
    }()

    /// Whether `password`, ignoring case, is on the list.
    static func contains(_ password: String) -> Bool {
        all.contains(password.lowercased())
    }
}
