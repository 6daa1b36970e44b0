/// What the OpenAPI document says of one route beyond what its declaration already gives
/// (method, path, authentication and the request body's fields): the operation id, words for
/// people, the success responses and the errors of its own.
///
/// Every operation also gets the errors any operation can return (401, 429, 500, 502-504), the
/// body errors when it takes a body (400, 413, 415) and 404 when its path has an id.
public struct OperationDoc: Sendable {
    public var id: String
    public var summary: String
    public var description: String
    public var parameters: [ParameterDoc]
    public var body: (any RequestBodyDescription)?
    /// PATCH: the body's fields are all optional.
    public var partialBody: Bool
    public var bodyDescription: String?
    public var bodyExample: JSON?
    /// Media types the body may also come as, beside JSON (`multipart/form-data` of uploads),
    /// each with its `{schema, encoding, ...}` object.
    public var otherBodies: [String: JSON] = [:]
    public var responses: [ResponseDoc]
    public var errors: [ErrorDoc]

    public init(_ id: String, _ summary: String, description: String = "", parameters: [ParameterDoc] = [],
                body: (any RequestBodyDescription)? = nil, partialBody: Bool = false, bodyDescription: String? = nil,
                bodyExample: JSON? = nil, responses: [ResponseDoc], errors: [ErrorDoc] = []) {
        self.id = id
        self.summary = summary
        self.description = description
        self.parameters = parameters
        self.body = body
        self.partialBody = partialBody
        self.bodyDescription = bodyDescription
        self.bodyExample = bodyExample
        self.responses = responses
        self.errors = errors
    }

    /// Whether the operation creates something (it documents a 201): a POST that does honours
    /// `Idempotency-Key` (see `OpenAPIDocument.idempotencyParameter`).
    public var createsResource: Bool { responses.contains { $0.status == 201 } }
}

/// A path or query parameter.
public struct ParameterDoc: Sendable {
    let json: JSON
    let isPath: Bool

    /// A path id: a canonical positive 64-bit integer (anything else is 404).
    public static func path(_ name: String, _ description: String) -> ParameterDoc {
        ParameterDoc(json: ["name": .string(name), "in": "path", "required": true, "description": .string(description),
                            "schema": Schema.id], isPath: true)
    }

    /// An optional query parameter.
    public static func query(_ name: String, _ description: String, required: Bool = false,
                             schema: JSON = ["type": "string"]) -> ParameterDoc {
        ParameterDoc(json: ["name": .string(name), "in": "query", "required": .bool(required),
                            "description": .string(description), "schema": schema], isPath: false)
    }

    /// `?limit=` and `?cursor=` of every cursor-paginated list.
    public static let pagination: [ParameterDoc] = [
        ParameterDoc(json: ["$ref": "#/components/parameters/limit"], isPath: false),
        ParameterDoc(json: ["$ref": "#/components/parameters/cursor"], isPath: false),
    ]

    /// `?limit=` of a ranked list: an integer in 1...maximum.
    public static func limit(default value: Int, maximum: Int) -> ParameterDoc {
        query("limit", "Page size, 1-\(maximum) (default \(value)); anything else is 400 `validation_failed` on `limit`.",
              schema: ["type": "integer", "minimum": 1, "maximum": .int(Int64(maximum)), "default": .int(Int64(value))])
    }
}

/// A success response.
public struct ResponseDoc: Sendable {
    let status: Int
    let json: JSON

    /// A JSON body.
    public static func json(_ status: Int, _ description: String, _ schema: JSON, example: JSON? = nil) -> ResponseDoc {
        var media: [String: JSON] = ["schema": schema]
        if let example { media["example"] = example }
        return ResponseDoc(status: status, json: [
            "description": .string(description), "headers": OpenAPIDocument.identityHeaders,
            "content": ["application/json": .object(media)],
        ])
    }

    /// 200 with a Server-Sent Events stream whose `data:` lines are JSON of `schema`.
    public static func eventStream(_ description: String, _ schema: JSON, example: String) -> ResponseDoc {
        ResponseDoc(status: 200, json: [
            "description": .string(description), "headers": OpenAPIDocument.identityHeaders,
            "content": ["text/event-stream": ["schema": ["type": "string"], "example": .string(example),
                                              "x-event-data": schema]],
        ])
    }

    /// 204: no body.
    public static func noContent(_ description: String) -> ResponseDoc {
        ResponseDoc(status: 204, json: ["description": .string(description), "headers": OpenAPIDocument.identityHeaders])
    }
}

/// An error the operation itself can return, with the words that say when.
public struct ErrorDoc: Sendable {
    let status: Int
    let description: String?
    let codes: [String]?
    let fields: JSON?

    /// `status` with the shared envelope; `description` says when; `codes` narrows the codes;
    /// `fields` is an example of the `fields` member.
    public init(_ status: Int, _ description: String? = nil, codes: [String]? = nil, fields: JSON? = nil) {
        self.status = status
        self.description = description
        self.codes = codes
        self.fields = fields
    }
}

extension ErrorDoc: ExpressibleByIntegerLiteral {
    /// The status alone, with the shared description.
    public init(integerLiteral status: Int) { self.init(status) }
}
