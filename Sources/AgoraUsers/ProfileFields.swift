import AgoraCore

/// The writable fields of a profile, each declared once for validation and for the document.
/// PUT reads them with `decode` (an omitted field returns to its default), PATCH with `changes`.
enum ProfileFields {
    static let bio = Field.string("bio", length: 0...2000, trim: true)
        .describe("At most 2000 characters; surrounding whitespace is trimmed.")

    static let picture = Field.url("profile_picture", schemes: ["https", "http"], maxLength: 500)
        .describe("An absolute `http(s)` URL of at most 500 characters: `localhost` or a dotted hostname, an optional "
                  + "port, no spaces.", example: "https://cdn.example.com/alice.png")

    static let linkSchema: JSON = [
        "type": "string", "minLength": 1, "maxLength": 500, "pattern": .string(Validator.urlPattern(schemes: ["https"])),
        "description": "An absolute `https` URL of at most 500 characters.", "examples": ["https://github.com/alice"],
    ]

    /// An object of at most 10 `name: https-URL` pairs.
    static let socialLinks = Field<[String: JSON]>(name: "social_links", required: true, schema: [
        "type": "object",
        "maxProperties": 10,
        "propertyNames": Schema.string(1, 50, pattern: "^[^\\u0000]*$"),
        "additionalProperties": linkSchema,
        "description": "At most 10 `name: https-URL` pairs; names are 1-50 characters.",
    ]) { validator in
        guard let links = validator.object("social_links") else { return nil }
        guard links.count <= 10 else { validator.fail("social_links", "At most 10 links are allowed."); return nil }
        for (name, value) in links {
            guard (1...50).contains(name.unicodeScalars.count), !name.unicodeScalars.contains("\u{0}") else {
                validator.fail("social_links", "Link names must be 1 to 50 characters."); return nil
            }
            guard case .string(let url) = value, url.unicodeScalars.count <= 500, Validator.isURL(url, schemes: ["https"]) else {
                validator.fail("social_links", "Every link must be an https URL of at most 500 characters."); return nil
            }
        }
        return links
    }

    /// None is required, for PUT either.
    static let body = RequestBody(bio.optional(), picture.nullable(), socialLinks.optional())
}
