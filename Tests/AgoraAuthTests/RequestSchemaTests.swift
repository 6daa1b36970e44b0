import Testing
@testable import AgoraCore
@testable import AgoraAuth

/// The request schemas promise exactly what the server accepts where a schema can say it: the
/// patterns are checked against the same values the fields accept or refuse.
struct RequestSchemaTests {
    static func pattern(_ schema: JSON) throws -> Regex<AnyRegexOutput> {
        // ECMA-262's \u0000 is \x{0} in Swift's syntax; JSON Schema matches code points, not characters.
        try Regex(try #require(schema["pattern"]?.stringValue).replacingOccurrences("\\u0000", with: "\\x{0}"))
            .matchingSemantics(.unicodeScalar)
    }

    static func lengthFits(_ text: String, _ schema: JSON) -> Bool {
        let count = Int64(text.unicodeScalars.count)
        return count >= (schema["minLength"]?.intValue ?? 0) && count <= (schema["maxLength"]?.intValue ?? .max)
    }

    @Test(arguments: ["abc", "a_b.c-d", String(repeating: "z", count: 30), "ab", String(repeating: "z", count: 31),
                      "bad name", "naïve", "tab\tname", "abc\u{0}"])
    func username_SchemaAcceptsExactlyWhatTheFieldAccepts(name: String) throws {
        var validator = Validator(["username": .string(name)])
        let accepted = AccountFields.username.read(&validator) != nil
        let schema = AccountFields.username.schema
        let matches = (try Self.pattern(schema).wholeMatch(in: name)) != nil && Self.lengthFits(name, schema)
        #expect(matches == accepted)
    }

    /// The common list is in the description only; these passwords are not on it.
    @Test(arguments: ["zebra crossing", "48213957610", "4821395a", "1234567", String(repeating: "é", count: 128),
                      String(repeating: "é", count: 129), "zebra\u{0}crossing", "1\u{301}2345678", "        "])
    func newPassword_SchemaAcceptsExactlyWhatTheFieldAccepts(password: String) throws {
        var validator = Validator(["password": .string(password)])
        let accepted = PasswordPolicy.field("password").read(&validator) != nil
        let schema = PasswordPolicy.schema
        let matches = (try Self.pattern(schema).wholeMatch(in: password)) != nil && Self.lengthFits(password, schema)
        #expect(matches == accepted)
    }
}

extension String {
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
