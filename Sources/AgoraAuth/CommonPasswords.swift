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

    /// Whether `password`, ignoring case and surrounding whitespace, is on the list (Django's
    /// `CommonPasswordValidator` compares `password.lower().strip()`).
    static func contains(_ password: String) -> Bool {
        let scalars = password.lowercased().unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return false }
        return all.contains(String(Substring(scalars[start...end])))
    }
}
