import Testing
@testable import AgoraCore

/// A field is declared once: the same declaration validates requests and writes the schema the
/// OpenAPI document shows, so changing its bounds changes both.
struct FieldTests {
    func request(_ body: JSON) -> Request {
        var request = Request(method: "POST", path: "/api/x/", body: Array(body.text.utf8))
        request.headers["content-type"] = "application/json"
        return request
    }

    /// Whether the field's schema accepts `text` (its pattern and raw length bounds).
    func schemaAccepts(_ schema: JSON, _ text: String) throws -> Bool {
        let count = text.unicodeScalars.count
        if let minimum = schema["minLength"]?.intValue, count < minimum { return false }
        if let maximum = schema["maxLength"]?.intValue, count > maximum { return false }
        guard let pattern = schema["pattern"]?.stringValue else { return true }
        // Code point by code point, as a JSON Schema validator matches (Swift matches graphemes by default).
        return try Regex(pattern).matchingSemantics(.unicodeScalar).wholeMatch(in: text) != nil
    }

    @Test(arguments: [5, 7])
    func bounds_ChangeValidationAndTheSchemaTogether(maximum: Int) throws {
        let body = RequestBody(Field.string("title", length: 1...maximum, trim: true))
        #expect(body.schema(partial: false)["required"] == ["title"])
        let schema = try #require(body.schema(partial: false)["properties"]?["title"])
        let longest = String(repeating: "a", count: maximum)
        #expect(try body.decode(request(["title": .string(longest)])) == longest)
        #expect(try schemaAccepts(schema, longest))
        let error = #expect(throws: APIError.self) { try body.decode(request(["title": .string(longest + "a")])) }
        #expect(error?.fields?["title"] == "Ensure this field has no more than \(maximum) characters.")
        #expect(try !schemaAccepts(schema, longest + "a"))
    }

    /// The schema of a field accepts exactly what the field accepts, both ways, trimming included
    /// (a "\r\n" is trimmed like any newline; the bounds hold for the trimmed text).
    @Test(arguments: [
        "", " ", "a", "ab", "abcde", "abcdef", " abcde ", "\r\nabc\r\n", "\r\n", " \t\n ", "a\u{0}b", "  abcdef  ",
        "a b", "é\u{301}", "\r\n\r\na", String(repeating: " ", count: 50) + "abcde",
    ])
    func trimmedField_SchemaAcceptsExactlyWhatTheFieldAccepts(text: String) throws {
        for length in [1...5, 0...5, 2...5, 3...3, 0...Int.max] {
            let field = Field.string("title", length: length, trim: true)
            let accepted = (try? RequestBody(field).decode(request(["title": .string(text)]))) != nil
            #expect(try schemaAccepts(field.schema, text) == accepted, "\(length) \(text.debugDescription)")
        }
    }

    @Test(arguments: ["a@example.com", " a@example.com\r\n", "a@example", "a @example.com", "@example.com",
                      String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 180) + ".com",
                      String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 190) + ".com",
                      "  " + String(repeating: "a", count: 60) + "@example.com  "])
    func email_SchemaAcceptsExactlyWhatTheFieldAccepts(text: String) throws {
        let field = Field.email("email")
        let accepted = (try? RequestBody(field).decode(request(["email": .string(text)]))) != nil
        #expect(try schemaAccepts(field.schema, text) == accepted, "\(text.debugDescription)")
    }

    @Test(arguments: ["https://a.example.com/", "https://a.example.com/\u{301}x", "https://a.example.com?\u{301}",
                      "http://localhost:8080/x", "https://a.b", "ftp://a.example.com", "https://1.2.3.4/"])
    func url_SchemaAcceptsExactlyWhatTheFieldAccepts(text: String) throws {
        let field = Field.url("picture")
        let accepted = (try? RequestBody(field).decode(request(["picture": .string(text)]))) != nil
        #expect(try schemaAccepts(field.schema, text) == accepted, "\(text.debugDescription)")
    }

    @Test func decode_CollectsEveryMessage_AndTypesTheValues() throws {
        let body = RequestBody(Field.string("title", length: 1...10, trim: true), Field.int("pass_mark", range: 0...100),
                               Field.string("note").optional())
        let (title, mark, note) = try body.decode(request(["title": " Hi ", "pass_mark": 60]))
        #expect(title == "Hi" && mark == 60 && note == nil)
        let error = #expect(throws: APIError.self) { try body.decode(request(["pass_mark": "60", "note": nil])) }
        #expect(error?.fields == ["title": "This field is required.", "pass_mark": "A valid integer is required.",
                                  "note": "This field may not be null."])
    }

    @Test func changes_ChecksOnlyWhatWasSent() throws {
        let body = RequestBody(Field.string("title", length: 1...10), Field.url("picture").nullable())
        let (title, picture) = try body.changes(request(["picture": nil]))
        #expect(title == nil)
        #expect(picture == .some(nil))
        #expect(body.schema(partial: true)["required"] == nil)
    }

    @Test func schema_RefusesNUL_AndPutsRawBoundsOnUntrimmedStrings() throws {
        #expect(Field.string("bio", length: 0...10).schema["pattern"] == "^[^\\u0000]*$")
        #expect(Field.string("bio", length: 0...10).schema["minLength"] == nil)
        #expect(Field.string("bio", length: 0...10).schema["maxLength"] == 10)
    }

    @Test func nullable_AddsNullToTheSchema() {
        let schema = Field.url("picture").nullable().schema
        #expect(schema["anyOf"]?.arrayValue?.count == 2)
    }
}
