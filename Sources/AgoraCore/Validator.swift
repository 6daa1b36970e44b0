/// Reads fields from a JSON object body, collecting one message per field, the way DRF
/// serializers do. Values of the wrong JSON type are errors (no coercion); unknown fields are
/// ignored. Call `finish()` once to throw every collected error together.
public struct Validator: Sendable {
    public let body: [String: JSON]
    /// PATCH semantics: a missing field is never an error.
    public let partial: Bool
    public private(set) var errors: [String: String] = [:]

    public init(_ body: [String: JSON], partial: Bool = false) {
        self.body = body
        self.partial = partial
    }

    public func has(_ name: String) -> Bool { body[name] != nil }

    public mutating func fail(_ name: String, _ message: String) {
        if errors[name] == nil { errors[name] = message }
    }

    /// Throws 400 `validation_failed` with every field error collected so far.
    public func finish() throws(APIError) {
        if !errors.isEmpty { throw APIError.validation(errors) }
    }

    /// The raw value, recording "required" when absent and required.
    mutating func value(_ name: String, required: Bool) -> JSON? {
        guard let value = body[name] else {
            if required && !partial { fail(name, "This field is required.") }
            return nil
        }
        return value
    }

    /// A string of `length` characters (Unicode scalars, as Python counts); NUL is refused,
    /// since PostgreSQL text cannot hold it. `nullable` accepts JSON null (returned as nil).
    public mutating func string(
        _ name: String, required: Bool = true, length: ClosedRange<Int> = 0...Int.max,
        trim: Bool = false, nullable: Bool = false
    ) -> String? {
        guard let raw = value(name, required: required) else { return nil }
        if raw.isNull {
            if !nullable { fail(name, "This field may not be null.") }
            return nil
        }
        guard case .string(var text) = raw else { fail(name, "Not a valid string."); return nil }
        if trim { text = text.trimmingWhitespace() }
        if text.unicodeScalars.contains("\u{0}") { fail(name, "Null characters are not allowed."); return nil }
        let count = text.unicodeScalars.count
        if count < length.lowerBound {
            fail(name, length.lowerBound == 1 ? "This field may not be blank." : "Ensure this field has at least \(length.lowerBound) characters.")
            return nil
        }
        if count > length.upperBound {
            fail(name, "Ensure this field has no more than \(length.upperBound) characters.")
            return nil
        }
        return text
    }

    /// An integer in `range`; floats, strings and booleans are refused.
    public mutating func int(
        _ name: String, required: Bool = true, range: ClosedRange<Int64> = Int64.min...Int64.max, nullable: Bool = false
    ) -> Int64? {
        guard let raw = value(name, required: required) else { return nil }
        if raw.isNull {
            if !nullable { fail(name, "This field may not be null.") }
            return nil
        }
        guard case .int(let number) = raw else { fail(name, "A valid integer is required."); return nil }
        if number < range.lowerBound { fail(name, "Ensure this value is greater than or equal to \(range.lowerBound)."); return nil }
        if number > range.upperBound { fail(name, "Ensure this value is less than or equal to \(range.upperBound)."); return nil }
        return number
    }

    /// A positive id (of something named in the body; its existence is the handler's check).
    public mutating func id(_ name: String, required: Bool = true) -> Int64? {
        int(name, required: required, range: 1...Int64.max)
    }

    public mutating func bool(_ name: String, required: Bool = true) -> Bool? {
        guard let raw = value(name, required: required) else { return nil }
        guard case .bool(let flag) = raw else { fail(name, "Must be a valid boolean."); return nil }
        return flag
    }

    /// One of `allowed`.
    public mutating func choice(_ name: String, _ allowed: [String], required: Bool = true) -> String? {
        guard let text = string(name, required: required) else { return nil }
        guard allowed.contains(text) else {
            fail(name, "\"\(text)\" is not a valid choice.")
            return nil
        }
        return text
    }

    /// A valid email address (the practical subset DRF's EmailValidator accepts), ≤ 254 chars.
    public mutating func email(_ name: String, required: Bool = true) -> String? {
        guard let text = string(name, required: required, length: 1...254, trim: true) else { return nil }
        guard Validator.isEmail(text) else { fail(name, "Enter a valid email address."); return nil }
        return text
    }

    /// An absolute URL with one of `schemes` and a host, ≤ `maxLength` characters.
    public mutating func url(
        _ name: String, schemes: Set<String> = ["http", "https"], maxLength: Int = 500,
        required: Bool = true, nullable: Bool = false
    ) -> String? {
        guard let text = string(name, required: required, length: 1...maxLength, nullable: nullable) else { return nil }
        guard Validator.isURL(text, schemes: schemes) else { fail(name, "Enter a valid URL."); return nil }
        return text
    }

    public mutating func array(_ name: String, required: Bool = true) -> [JSON]? {
        guard let raw = value(name, required: required) else { return nil }
        guard case .array(let items) = raw else { fail(name, "Expected a list of items."); return nil }
        return items
    }

    public mutating func object(_ name: String, required: Bool = true) -> [String: JSON]? {
        guard let raw = value(name, required: required) else { return nil }
        guard case .object(let members) = raw else { fail(name, "Expected an object."); return nil }
        return members
    }

    /// A list of positive ids, each checked.
    public mutating func idArray(_ name: String, required: Bool = true, count: ClosedRange<Int> = 0...Int.max) -> [Int64]? {
        guard let items = array(name, required: required) else { return nil }
        var ids: [Int64] = []
        for item in items {
            guard case .int(let id) = item, id > 0 else { fail(name, "Expected a list of positive integer ids."); return nil }
            ids.append(id)
        }
        guard count.contains(ids.count) else { fail(name, "Expected between \(count.lowerBound) and \(count.upperBound) items."); return nil }
        return ids
    }
}
