extension Validator {
    /// local@domain with a dotted domain of letters, digits and hyphens; no spaces.
    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last else { return false }
        guard (1...64).contains(local.utf8.count), (3...253).contains(domain.utf8.count) else { return false }
        let localAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-.".utf8)
        guard local.utf8.allSatisfy({ localAllowed.contains($0) }), local.first != ".", local.last != ".",
            !local.contains("..")
        else { return false }
        return isHostname(domain, requireDot: true)
    }

    static func isHostname(_ host: Substring, requireDot: Bool) -> Bool {
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        if requireDot && labels.count < 2 { return false }
        for label in labels {
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-" else { return false }
            guard label.utf8.allSatisfy({ byte in
                (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
            }) else { return false }
        }
        if let tld = labels.last, requireDot, tld.allSatisfy(\.isNumber) { return false }
        return true
    }

    /// `scheme://host[:port][/path][?query][#fragment]` with no spaces or control characters.
    public static func isURL(_ text: String, schemes: Set<String>) -> Bool {
        guard let separator = text.firstRange(of: "://") else { return false }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard schemes.contains(scheme) else { return false }
        guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else { return false }
        // Scalar by scalar: a delimiter followed by a combining mark is still a delimiter.
        let rest = text.unicodeScalars[separator.upperBound...]
        let authority = Substring(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
        guard !authority.contains("@") else { return false }
        var host = authority[...]
        if let colon = authority.lastIndex(of: ":") {
            let port = authority[authority.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(port), (1...65535).contains(number) else { return false }
            host = authority[..<colon]
        }
        return host == "localhost" || isHostname(host, requireDot: true)
    }
}

extension String {
    /// Trims spaces, tabs and newlines at both ends, scalar by scalar (a "\r\n" pair is one
    /// Character, which a Character-wise trim would keep).
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }), let end = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(Substring(scalars[start...end]))
    }
}
