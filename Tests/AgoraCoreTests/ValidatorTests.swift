import Testing
@testable import AgoraCore

struct ValidatorTests {
    @Test func collectsOneMessagePerField() {
        var v = Validator(["title": 123, "count": "3", "flag": 1])
        _ = v.string("title")
        _ = v.int("count")
        _ = v.bool("flag")
        _ = v.string("missing")
        #expect(v.errors.keys.sorted() == ["count", "flag", "missing", "title"])
        #expect(throws: APIError.self) { try v.finish() }
    }

    @Test func string_ChecksBounds_CountingScalars() {
        var v = Validator(["a": "", "b": "ééé", "c": "abcd", "d": "a\u{0}b"])
        #expect(v.string("a", length: 1...5) == nil)
        #expect(v.string("b", length: 1...3) == "ééé")
        #expect(v.string("c", length: 1...3) == nil)
        #expect(v.string("d") == nil)
        #expect(v.errors["a"] == "This field may not be blank.")
        #expect(v.errors["c"] == "Ensure this field has no more than 3 characters.")
    }

    @Test func partial_SkipsMissingRequiredFields() throws {
        var v = Validator(["title": "x"], partial: true)
        #expect(v.string("content") == nil)
        try v.finish()
    }

    @Test func int_RefusesFloatsAndStrings_AndChecksRange() {
        var v = Validator(["a": 1.5, "b": "2", "c": 101, "d": 50])
        #expect(v.int("a") == nil)
        #expect(v.int("b") == nil)
        #expect(v.int("c", range: 0...100) == nil)
        #expect(v.int("d", range: 0...100) == 50)
    }

    @Test func nullable_AcceptsNull() throws {
        var v = Validator(["p": nil, "q": nil])
        #expect(v.url("p", nullable: true) == nil)
        #expect(v.string("q") == nil)
        #expect(v.errors["p"] == nil)
        #expect(v.errors["q"] == "This field may not be null.")
    }

    @Test(arguments: [("a@b.co", true), ("first.last+tag@example.org", true), ("no-at", false), ("a@b", false),
                      ("a@@b.co", false), ("a b@c.co", false), (".a@b.co", false), ("a@-b.co", false), ("a@b.123", false)])
    func email(value: String, valid: Bool) {
        #expect(Validator.isEmail(value) == valid)
    }

    @Test(arguments: [("https://example.com/x?y#z", true), ("http://localhost:8080/", true), ("ftp://x.com", false),
                      ("https://", false), ("https://exa mple.com", false), ("javascript:alert(1)", false),
                      ("https://user@evil.com", false), ("https://x.com:99999", false)])
    func url(value: String, valid: Bool) {
        #expect(Validator.isURL(value, schemes: ["http", "https"]) == valid)
    }

    @Test func idArray_RequiresPositiveIntegers() {
        var v = Validator(["a": [1, 2], "b": [1, "2"], "c": [0]])
        #expect(v.idArray("a") == [1, 2])
        #expect(v.idArray("b") == nil)
        #expect(v.idArray("c") == nil)
    }
}
