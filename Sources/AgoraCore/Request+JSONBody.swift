extension Request {
    /// The JSON body limit: 1 MiB (larger is 413).
    public static let jsonBodyLimit = 1 << 20

    /// The body as a JSON object: an empty body is `{}`; another content type is 415, more than
    /// 1 MiB is 413, malformed JSON or a non-object is 400 `invalid_json`.
    public func jsonObject() throws(APIError) -> [String: JSON] {
        if body.isEmpty { return [:] }
        guard Request.isJSONContentType(contentType) else { throw APIError.unsupportedMediaType() }
        guard body.count <= Request.jsonBodyLimit else { throw APIError.payloadTooLarge }
        let value: JSON
        do {
            value = try JSON.parse(body)
        } catch {
            throw APIError.invalidJSON("JSON parse error: the body is not valid JSON.")
        }
        guard case .object(let members) = value else {
            throw APIError.invalidJSON("The body must be a JSON object.")
        }
        return members
    }

    /// A validator over the JSON body; `partial` (PATCH) makes every field optional.
    public func validator(partial: Bool = false) throws(APIError) -> Validator {
        Validator(try jsonObject(), partial: partial)
    }

    /// `application/json`, with or without parameters such as `charset`.
    public static func isJSONContentType(_ value: String?) -> Bool {
        guard let value else { return false }
        let mediaType = value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingSpaces().lowercased() } ?? ""
        return mediaType == "application/json"
    }
}
