import Testing
@testable import AgoraCore

/// The list filters: `?author=abc` is 400, `?bookmarked=` accepts only `true`,
/// `?search=` is trimmed and bounded.
struct QueryFiltersTests {
    @Test func id_AbsentOrEmpty_IsNoFilter() throws {
        #expect(try QueryParameters("").id("author") == nil)
        #expect(try QueryParameters("author=").id("author") == nil)
        #expect(try QueryParameters("author=42").id("author") == 42)
    }

    @Test(arguments: ["abc", "0", "-1", "01", "+1", "1.5", "99999999999999999999"])
    func id_NotACanonicalPositiveInteger_Is400OnItsName(value: String) {
        #expect(throws: APIError.validation(field: "author", "Enter a valid id.")) {
            try QueryParameters("author=" + value).id("author")
        }
    }

    @Test func trueFlag_AcceptsOnlyTrue() throws {
        #expect(try QueryParameters("").trueFlag("bookmarked") == false)
        #expect(try QueryParameters("bookmarked=true").trueFlag("bookmarked") == true)
        for value in ["false", "True", "1", "yes", ""] {
            #expect(throws: APIError.self) { try QueryParameters("bookmarked=" + value).trueFlag("bookmarked") }
        }
    }

    @Test func searchText_IsTrimmed_BlankIsNoFilter_LongIs400() throws {
        #expect(try QueryParameters("search=+swift+server+").searchText() == "swift server")
        #expect(try QueryParameters("search=%20%20").searchText() == nil)
        #expect(try QueryParameters("search=" + String(repeating: "é", count: 200)).searchText() != nil)
        #expect(throws: APIError.self) { try QueryParameters("search=" + String(repeating: "a", count: 201)).searchText() }
        #expect(throws: APIError.self) { try QueryParameters("search=a%00b").searchText() }
        // As sent, before trimming: the schema's maxLength, exactly (a fuzzer's too-long value is refused).
        #expect(throws: APIError.self) { try QueryParameters("search=" + String(repeating: "a", count: 200) + "+").searchText() }
    }

    @Test func limit_DefaultsAndBounds() throws {
        #expect(try QueryParameters("").limit(default: 10, max: 100) == 10)
        #expect(try QueryParameters("limit=100").limit(default: 10, max: 100) == 100)
        for value in ["0", "101", "x", ""] {
            #expect(throws: APIError.self) { try QueryParameters("limit=" + value).limit(default: 10, max: 100) }
        }
    }

    @Test func orNotFound_Throws404ForNil() throws {
        #expect(try Optional(3).orNotFound() == 3)
        #expect(throws: APIError.notFound) { try (nil as Int?).orNotFound() }
    }
}

/// The id filter's documented pattern accepts exactly what `QueryParameters.id` accepts.
struct IDSchemaTests {
    @Test(arguments: ["", "1", "42", "9223372036854775807", "9223372036854775806", "999999999999999999",
                      "9223372036854775808", "9300000000000000000", "10000000000000000000", "0", "01", "-1", "+1", "1.0"])
    func pattern_MatchesWhatTheFilterAccepts(text: String) throws {
        let pattern = try #require(QueryParameters.idSchema["pattern"]?.stringValue)
        let regex = try Regex(pattern).matchingSemantics(.unicodeScalar)
        let matches = (try? regex.wholeMatch(in: text)) != nil
        let accepted = (try? QueryParameters("author=\(text)").id("author")) != nil || text.isEmpty
        #expect(matches == accepted, "\(text)")
    }
}
