/// One request-body field, declared once: its name, JSON type, bounds, trimming, whether it is
/// required. The same declaration validates requests (with Django REST Framework's messages, one
/// per field) and writes the field's JSON Schema into the OpenAPI document, so the document
/// promises exactly what the server accepts.
///
/// ```swift
/// static let title = Field.string("title", length: 1...200, trim: true)
/// static let body = RequestBody(title, content)       // decodes, and documents the route's body
/// let (title, content) = try body.decode(request)     // typed, every field checked
/// ```
public struct Field<Value: Sendable>: Sendable {
    public let name: String
    /// Whether a full (POST/PUT) body must contain it; PATCH never requires.
    public let required: Bool
    /// The property's JSON Schema.
    public let schema: JSON
    /// Reads and checks the field, recording a message in the validator when it is invalid (or
    /// missing and required); nil then.
    @usableFromInline let read: @Sendable (inout Validator) -> Value?

    public init(name: String, required: Bool, schema: JSON, read: @escaping @Sendable (inout Validator) -> Value?) {
        self.name = name
        self.required = required
        self.schema = schema
        self.read = read
    }

    /// The same field with a description (and an example) in its schema.
    public func describe(_ description: String, example: JSON? = nil) -> Field {
        guard case .object(var members) = schema else { return self }
        members["description"] = .string(description)
        if let example { members["examples"] = [example] }
        return Field(name: name, required: required, schema: .object(members), read: read)
    }

    /// The same field, optional: absent is nil (an explicit JSON null is still refused unless
    /// the field is `nullable`). In a PATCH (`changes`), absent is "not sent": the outer nil.
    public func optional() -> Field<Value?> {
        let read = self.read
        let name = self.name
        return Field<Value?>(name: name, required: false, schema: schema) { validator in
            guard validator.has(name) else { return validator.partial ? nil : .some(nil) }
            return read(&validator).map { .some($0) }
        }
    }

    /// The same field, also accepting JSON null (as nil); absent is nil too unless `required`.
    /// In a PATCH (`changes`), absent is "not sent" (the outer nil) and null is `.some(nil)`,
    /// so that a handler can tell "leave it" from "clear it".
    public func nullable(required: Bool = false) -> Field<Value?> {
        let read = self.read
        let name = self.name
        return Field<Value?>(name: name, required: required, schema: Schema.nullable(schema)) { validator in
            guard validator.has(name) else {
                if validator.partial { return nil }
                if required { validator.fail(name, "This field is required.") ; return nil }
                return .some(nil)
            }
            if validator.body[name]?.isNull == true { return .some(nil) }
            return read(&validator).map { .some($0) }
        }
    }
}

extension Field {
    /// Property schema of a string field: NUL refused (PostgreSQL text cannot hold it), and the
    /// length bounds; a trimmed field's bounds hold for the trimmed text, so they become part of
    /// its pattern (`Schema.trimmedString`) rather than `minLength`/`maxLength` of the raw value.
    static func stringSchema(length: ClosedRange<Int>, trim: Bool, pattern: String? = nil) -> JSON {
        if trim && pattern == nil { return Schema.trimmedString(length: length) }
        let minimum = length.lowerBound > 0 ? length.lowerBound : nil
        let maximum = length.upperBound < Int.max ? length.upperBound : nil
        return Schema.string(minimum, maximum, pattern: pattern ?? "^[^\\u0000]*$")
    }
}

extension Field where Value == String {
    /// A string of `length` characters (Unicode scalars), trimmed first when `trim` is set;
    /// NUL is refused. `pattern` (ECMA-262) replaces the NUL pattern in the schema when the
    /// field checks its own characters.
    public static func string(_ name: String, length: ClosedRange<Int> = 0...Int.max, trim: Bool = false) -> Field {
        Field(name: name, required: true, schema: stringSchema(length: length, trim: trim)) { validator in
            validator.string(name, length: length, trim: trim)
        }
    }

    /// A string with its own check after the length: `check` returns a message for a bad value.
    public static func string(_ name: String, length: ClosedRange<Int> = 0...Int.max, trim: Bool = false,
                              pattern: String, check: @escaping @Sendable (String) -> String?) -> Field {
        Field(name: name, required: true, schema: stringSchema(length: length, trim: trim, pattern: pattern)) { validator in
            guard let text = validator.string(name, length: length, trim: trim) else { return nil }
            if let message = check(text) {
                validator.fail(name, message)
                return nil
            }
            return text
        }
    }

    /// A valid email address, trimmed, ≤ 254 characters.
    public static func email(_ name: String) -> Field {
        Field(name: name, required: true, schema: Schema.string(pattern: Validator.emailPattern)) { validator in
            validator.email(name)
        }
    }

    /// An absolute URL with one of `schemes` and a host, ≤ `maxLength` characters.
    public static func url(_ name: String, schemes: Set<String> = ["http", "https"], maxLength: Int = 500) -> Field {
        Field(name: name, required: true,
              schema: Schema.string(1, maxLength, pattern: Validator.urlPattern(schemes: schemes.sorted()))) { validator in
            validator.url(name, schemes: schemes, maxLength: maxLength)
        }
    }

    /// One of `allowed`.
    public static func choice(_ name: String, _ allowed: [String]) -> Field {
        Field(name: name, required: true, schema: ["type": "string", "enum": .array(allowed.map { .string($0) })]) { validator in
            validator.choice(name, allowed)
        }
    }
}

extension Field where Value == Int64 {
    /// An integer in `range`; floats, strings and booleans are refused.
    public static func int(_ name: String, range: ClosedRange<Int64> = Int64.min...Int64.max) -> Field {
        Field(name: name, required: true, schema: Schema.integer(range)) { validator in
            validator.int(name, range: range)
        }
    }

    /// A positive id of something named in the body (its existence is the handler's check: 400).
    public static func id(_ name: String) -> Field {
        Field(name: name, required: true, schema: Schema.id) { validator in validator.id(name) }
    }
}

extension Field where Value == Bool {
    public static func bool(_ name: String) -> Field {
        Field(name: name, required: true, schema: Schema.boolean) { validator in validator.bool(name) }
    }
}

extension Field where Value == [Int64] {
    /// A list of positive ids, `count` of them.
    public static func ids(_ name: String, count: ClosedRange<Int> = 0...Int.max) -> Field {
        var schema: [String: JSON] = ["type": "array", "items": Schema.id]
        if count.lowerBound > 0 { schema["minItems"] = .int(Int64(count.lowerBound)) }
        if count.upperBound < Int.max { schema["maxItems"] = .int(Int64(count.upperBound)) }
        return Field(name: name, required: true, schema: .object(schema)) { validator in
            validator.idArray(name, count: count)
        }
    }
}
