extension QueryParameters {
    /// An id filter such as `?author=7`: nil when absent or empty; anything but a canonical
    /// positive integer is 400 on that parameter (`?author=abc`).
    public func id(_ name: String) throws(APIError) -> Int64? {
        guard let text = self[name], !text.isEmpty else { return nil }
        guard let id = PathID.parse(text) else { throw APIError.validation(field: name, "Enter a valid id.") }
        return id
    }

    /// A filter that only has one meaning, such as `?bookmarked=true`: false when absent, true
    /// for exactly `true`, 400 on that parameter for any other value.
    public func trueFlag(_ name: String) throws(APIError) -> Bool {
        guard let text = self[name] else { return false }
        guard text == "true" else { throw APIError.validation(field: name, "The only accepted value is \"true\".") }
        return true
    }

    /// A two-way filter such as `?archived=false`: nil when absent or empty, `true` or `false`,
    /// 400 on that parameter for any other value.
    public func boolean(_ name: String) throws(APIError) -> Bool? {
        guard let text = self[name], !text.isEmpty else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: throw APIError.validation(field: name, "Enter true or false.")
        }
    }

    /// Search words such as `?search=`: trimmed; nil when absent or blank; longer than
    /// `maxLength` characters, or holding NUL, is 400 on that parameter. Both are checked on the
    /// value as sent, before trimming, as the parameter's schema (`searchSchema`) states them.
    public func searchText(_ name: String = "search", maxLength: Int = 200) throws(APIError) -> String? {
        guard let sent = self[name] else { return nil }
        guard !sent.unicodeScalars.contains("\u{0}") else {
            throw APIError.validation(field: name, "Null characters are not allowed.")
        }
        guard sent.unicodeScalars.count <= maxLength else {
            throw APIError.validation(field: name, "Ensure this value has at most \(maxLength) characters.")
        }
        let text = sent.trimmingWhitespace()
        return text.isEmpty ? nil : text
    }

    /// A bounded `?limit=` for ranked lists that are not paginated (`default` when absent);
    /// anything but an integer in 1...max is 400 on `limit`.
    public func limit(default defaultValue: Int, max maxValue: Int) throws(APIError) -> Int {
        guard let text = self["limit"] else { return defaultValue }
        guard let value = PathID.parse(text), value <= maxValue else {
            throw APIError.validation(field: "limit", "Ensure this value is an integer between 1 and \(maxValue).")
        }
        return Int(value)
    }
}

extension QueryParameters {
    /// The schema of a `searchText` parameter: at most 200 characters, no NUL.
    public static let searchSchema: JSON = ["type": "string", "maxLength": 200, "pattern": "^[^\\u0000]*$"]
}

extension QueryParameters {
    /// The schema of an `id` filter parameter: empty (no filter) or a canonical positive 64-bit
    /// integer, exactly as `id(_:)` reads it.
    public static let idSchema: JSON = ["type": "string", "pattern": .string("^(\(positiveInt64Pattern))?$")]

    /// A regular expression for the canonical decimals 1...Int64.max: every shorter length, then
    /// for each digit of the maximum a smaller digit after the same prefix, then the maximum.
    static let positiveInt64Pattern: String = {
        let digits = Array(String(Int64.max))
        var alternatives = ["[1-9][0-9]{0,\(digits.count - 2)}"]
        for (index, digit) in digits.enumerated() {
            let smallest = index == 0 ? 1 : 0
            guard let value = digit.wholeNumberValue, value > smallest else { continue }
            let rest = digits.count - index - 1
            alternatives.append(String(digits[..<index]) + "[\(smallest)-\(value - 1)]" + (rest > 0 ? "[0-9]{\(rest)}" : ""))
        }
        alternatives.append(String(digits))
        return alternatives.joined(separator: "|")
    }()
}
