/// JSON Schema builders for the OpenAPI document (3.1, so plain JSON Schema 2020-12). Response
/// objects are strict (`additionalProperties: false`) so that drift shows in the conformance
/// run; request bodies say exactly what the API refuses and allow unknown fields (it ignores them).
public enum Schema {
    /// A `$ref` to `#/components/schemas/<name>`.
    public static func ref(_ name: String) -> JSON { ["$ref": .string("#/components/schemas/\(name)")] }

    /// Ids: positive 64-bit integers.
    public static let id: JSON = ["type": "integer", "format": "int64", "minimum": 1, "maximum": .int(Int64.max)]

    /// RFC 3339 UTC with exactly three fractional digits and `Z`.
    public static let timestamp: JSON = ref("Timestamp")

    /// A non-negative count.
    public static let count: JSON = ["type": "integer", "minimum": 0]

    public static let boolean: JSON = ["type": "boolean"]

    /// A string; lengths count Unicode code points, as the API does.
    public static func string(_ minLength: Int? = nil, _ maxLength: Int? = nil, pattern: String? = nil,
                              format: String? = nil, description: String? = nil) -> JSON {
        var schema: [String: JSON] = ["type": "string"]
        if let minLength { schema["minLength"] = .int(Int64(minLength)) }
        if let maxLength { schema["maxLength"] = .int(Int64(maxLength)) }
        if let pattern { schema["pattern"] = .string(pattern) }
        if let format { schema["format"] = .string(format) }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    /// A string that the server trims of spaces, tabs and newlines before checking that it has
    /// `length` characters and no NUL: the pattern says exactly that of the raw value (surrounding
    /// whitespace, then a trimmed core of the right length, then whitespace).
    public static func trimmedString(length: ClosedRange<Int>, description: String? = nil) -> JSON {
        let space = "[ \\t\\n\\r]*"
        let edge = "[^\\u0000 \\t\\n\\r]"
        let upper = length.upperBound
        let inner = { (low: Int) -> String in
            "[^\\u0000]{\(low),\(upper == Int.max ? "" : String(upper - 2))}"
        }
        var core: String
        if upper == 0 {
            core = ""
        } else if upper == 1 {
            core = edge
        } else if length.lowerBound >= 2 {
            core = edge + inner(length.lowerBound - 2) + edge
        } else {
            core = edge + "(?:" + inner(0) + edge + ")?"
        }
        if length.lowerBound == 0 && !core.isEmpty { core = "(?:" + core + ")?" }
        return string(pattern: "^" + space + core + space + "$", description: description)
    }

    /// An integer in `range`.
    public static func integer(_ range: ClosedRange<Int64>? = nil, description: String? = nil) -> JSON {
        var schema: [String: JSON] = ["type": "integer"]
        if let range {
            if range.lowerBound != Int64.min { schema["minimum"] = .int(range.lowerBound) }
            if range.upperBound != Int64.max { schema["maximum"] = .int(range.upperBound) }
        }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    /// `value` or JSON null.
    public static func nullable(_ value: JSON) -> JSON { ["anyOf": [value, ["type": "null"]]] }

    /// A response object: every property present unless `required` says otherwise, no others.
    public static func object(_ properties: [(String, JSON)], required: [String]? = nil,
                              description: String? = nil, example: JSON? = nil) -> JSON {
        var schema: [String: JSON] = [
            "type": "object", "additionalProperties": false,
            "properties": .object(Dictionary(properties, uniquingKeysWith: { _, last in last })),
            "required": .array((required ?? properties.map(\.0)).map { .string($0) }),
        ]
        if let description { schema["description"] = .string(description) }
        if let example { schema["examples"] = [example] }
        return .object(schema)
    }

    /// `{results, next}`: one page of a cursor-paginated list (DRF's CursorPagination, no `count`).
    public static func page(of item: JSON) -> JSON {
        object([
            ("results", ["type": "array", "items": item]),
            ("next", ["type": ["string", "null"], "pattern": "^/api/",
                      "description": "Relative path of the next page (repeats `limit` and the filters), `null` on the last page."]),
        ])
    }

    /// Adds `description` to a schema (a `$ref` gets it beside, as OpenAPI 3.1 allows).
    public static func describe(_ schema: JSON, _ description: String) -> JSON {
        guard case .object(var members) = schema else { return schema }
        members["description"] = .string(description)
        return .object(members)
    }
}
