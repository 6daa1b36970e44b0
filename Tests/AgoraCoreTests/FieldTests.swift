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

    @Test(arguments: [5, 7])
    func bounds_ChangeValidationAndTheSchemaTogether(maximum: Int) throws {
        let title = Field.string("title", length: 1...maximum, trim: true)
        let body = RequestBody(title)
        #expect(body.schema(partial: false)["properties"]?["title"]?["maxLength"] == .int(Int64(maximum)))
        #expect(body.schema(partial: false)["required"] == ["title"])
        #expect(try body.decode(request(["title": .string(String(repeating: "a", count: maximum))])) == String(repeating: "a", count: maximum))
        let error = #expect(throws: APIError.self) {
            try body.decode(request(["title": .string(String(repeating: "a", count: maximum + 1))]))
        }
        #expect(error?.fields?["title"] == "Ensure this field has no more than \(maximum) characters.")
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

    @Test func schema_RefusesNULAndBlankTrimmedStrings() throws {
        let schema = Field.string("title", length: 1...10, trim: true).schema
        #expect(schema["pattern"] == "^[^\\u0000]*[^\\u0000\\t\\n\\r ][^\\u0000]*$")
        #expect(Field.string("bio", length: 0...10).schema["pattern"] == "^[^\\u0000]*$")
        #expect(Field.string("bio", length: 0...10).schema["minLength"] == nil)
    }

    @Test func nullable_AddsNullToTheSchema() {
        let schema = Field.url("picture").nullable().schema
        #expect(schema["anyOf"]?.arrayValue?.count == 2)
    }
}
