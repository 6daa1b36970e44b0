/// The fields of one JSON request body, declared once: `decode` validates a request against
/// them, and `schema` is the body's JSON Schema in the OpenAPI document of every route that
/// takes it.
///
/// ```swift
/// static let body = RequestBody(Field.string("title", length: 1...200, trim: true),
///                               Field.string("content", length: 1...100_000, trim: true))
/// let (title, content) = try body.decode(request)          // POST, PUT: (String, String)
/// let (newTitle, newContent) = try body.changes(request)   // PATCH: (String?, String?)
/// ```
public struct RequestBody<each Value: Sendable>: Sendable, RequestBodyDescription {
    @usableFromInline let fields: (repeat Field<each Value>)

    public init(_ fields: repeat Field<each Value>) {
        self.fields = (repeat each fields)
    }

    /// A full body (POST, PUT): every field read and checked; 400 `validation_failed` with one
    /// message per bad field, else every value (absent optional fields are nil).
    @inlinable
    public func decode(_ request: Request) throws -> (repeat each Value) {
        var validator = try request.validator()
        let values = (repeat (each fields).read(&validator))
        try validator.finish()
        return (repeat try RequestBody.checked(each values))
    }

    /// A partial body (PATCH): only the fields sent are checked; nil for each field not sent.
    @inlinable
    public func changes(_ request: Request) throws -> (repeat (each Value)?) {
        var validator = try request.validator(partial: true)
        let values = (repeat (each fields).read(&validator))
        try validator.finish()
        return (repeat each values)
    }

    /// A value `finish()` vouched for: every nil left a message, so none reaches here.
    @usableFromInline
    static func checked<V>(_ value: V?) throws -> V {
        guard let value else { throw APIError.internalError }
        return value
    }

    /// The names of the fields, in order.
    public var names: [String] {
        var names: [String] = []
        for field in repeat each fields { names.append(field.name) }
        return names
    }

    public func schema(partial: Bool) -> JSON {
        var properties: [String: JSON] = [:]
        var required: [JSON] = []
        for field in repeat each fields {
            properties[field.name] = field.schema
            if field.required && !partial { required.append(.string(field.name)) }
        }
        var schema: [String: JSON] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required) }
        return .object(schema)
    }
}

/// What the OpenAPI document needs of a request body, whatever its value types.
public protocol RequestBodyDescription: Sendable {
    /// The JSON Schema of the body; `partial` (PATCH) requires nothing.
    func schema(partial: Bool) -> JSON
}
