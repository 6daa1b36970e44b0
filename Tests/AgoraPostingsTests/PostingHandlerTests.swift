import AgoraCore
import AgoraTesting
import Testing

/// Postings in-process, on every board: anyone reads and searches, only admins write, and only
/// admins see `applications_count`.
@Suite(.enabled(if: TestFunction.isAvailable))
struct PostingHandlerTests {
    static let keys: Set<String> = ["id", "title", "description", "company", "location", "posted_date"]

    @Test(arguments: Board.allCases)
    func create_ByAnAdmin_Trims_IgnoresReadOnlyFields_AndShowsTheCountToAdminsOnly(board: Board) throws {
        let fixture = try BoardFixture(board)
        let response = fixture.send("POST", fixture.collection, body: [
            "title": "  Backend engineer  ", "description": "Swift.", "company": " Acme ", "location": "Berlin",
            "id": 1, "posted_date": "2001-01-01T00:00:00.000Z", "applications_count": 9,
        ], as: fixture.admin)
        #expect(response.status == 201)
        let posting = response.json
        #expect(posting.keys == Self.keys.union(["applications_count"]))
        #expect(posting["title"] == "Backend engineer" && posting["company"] == "Acme")
        #expect(posting["applications_count"] == 0)
        #expect(posting["posted_date"]?.stringValue?.hasPrefix("2001") == false)
        let path = fixture.collection + "\(try #require(posting["id"]?.intValue))/"
        let anonymous = fixture.send("GET", path).json
        #expect(anonymous.keys == Self.keys)
        #expect(fixture.send("GET", path, as: try fixture.user()).json == anonymous)
        #expect(fixture.send("GET", path, as: fixture.admin).json == posting)
    }

    @Test(arguments: Board.allCases)
    func create_IsForAdmins_401Then403BeforeTheBody(board: Board) throws {
        let fixture = try BoardFixture(board)
        #expect(fixture.send("POST", fixture.collection, body: [:]).errorCode == "not_authenticated")
        #expect(fixture.send("POST", fixture.collection, body: [:], as: try fixture.user()).errorCode == "forbidden")
    }

    /// A body and the field messages it gets.
    struct Invalid: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let body: JSON
        let fields: JSON
    }

    static let invalidBodies: [Invalid] = [
        Invalid(testDescription: "empty", body: [:], fields: [
            "title": "This field is required.", "description": "This field is required.",
            "company": "This field is required.", "location": "This field is required.",
        ]),
        Invalid(testDescription: "blank and wrong type", body: ["title": " ", "description": "d", "company": "c", "location": 5],
                fields: ["title": "This field may not be blank.", "location": "Not a valid string."]),
        Invalid(testDescription: "too long and null", body: [
            "title": .string(String(repeating: "x", count: 201)), "description": .string(String(repeating: "x", count: 10_001)),
            "company": .string(String(repeating: "x", count: 201)), "location": nil,
        ], fields: [
            "title": "Ensure this field has no more than 200 characters.",
            "description": "Ensure this field has no more than 10000 characters.",
            "company": "Ensure this field has no more than 200 characters.", "location": "This field may not be null.",
        ]),
    ]

    @Test(arguments: Board.allCases, invalidBodies)
    func create_ValidatesEveryField(board: Board, invalid: Invalid) throws {
        let fixture = try BoardFixture(board)
        let response = fixture.send("POST", fixture.collection, body: invalid.body, as: fixture.admin)
        #expect(response.status == 400)
        #expect(response.fields == invalid.fields)
    }

    @Test(arguments: Board.allCases)
    func update_And_Delete_404Then403ThenTheBody_AndDeletingCascades(board: Board) throws {
        let fixture = try BoardFixture(board)
        let user = try fixture.user()
        let id = try fixture.posting(title: "Before")
        let path = fixture.collection + "\(id)/"
        let missing = fixture.collection + "999999999999/"
        let replacement: JSON = ["title": "After", "description": "New", "company": "Initech", "location": "Paris"]
        #expect(fixture.send("PUT", path, body: replacement).errorCode == "not_authenticated")
        #expect(fixture.send("PUT", missing, body: [:], as: user).errorCode == "not_found")
        #expect(fixture.send("DELETE", missing, as: user).errorCode == "not_found")
        #expect(fixture.send("PUT", path, body: [:], as: user).errorCode == "forbidden")
        #expect(fixture.send("DELETE", path, as: user).errorCode == "forbidden")
        #expect(fixture.send("PUT", path, body: ["title": "Only"], as: fixture.admin).fields?.keys
            == ["description", "company", "location"])
        let before = fixture.send("GET", path).json
        #expect(fixture.apply(user, to: id).status == 201)
        let updated = fixture.send("PUT", path, body: replacement, as: fixture.admin).json
        #expect(updated["title"] == "After" && updated["location"] == "Paris")
        #expect(updated["posted_date"] == before["posted_date"] && updated["applications_count"] == 1)
        #expect(fixture.send("DELETE", path, as: fixture.admin).status == 204)
        #expect(fixture.send("GET", path).errorCode == "not_found")
        #expect(fixture.send("GET", fixture.application(of: user.id, for: id), as: user).errorCode == "not_found")
        #expect(fixture.send("GET", fixture.applications(of: user.id), as: user).ids(key: board.singular) == [])
    }

    @Test(arguments: Board.allCases)
    func list_FiltersCombine_IgnoringCase_AndPagesWithoutRepeats(board: Board) throws {
        let fixture = try BoardFixture(board)
        let company = "Acme " + uniqueWord()
        let berlin = try (0..<3).map { _ in try fixture.posting(company: company, location: "Berlin") }
        let remote = try (0..<2).map { _ in try fixture.posting(company: company, location: "Remote") }
        _ = try fixture.posting(company: company + " Corp", location: "Berlin")
        let byCompany = try fixture.walk(fixture.collection, query: "company=\(company.uppercased())&limit=2")
        #expect(byCompany == (berlin + remote).reversed())
        let both = fixture.send("GET", fixture.collection, query: "company=\(company.lowercased())&location=+berlin+")
        #expect(both.ids() == berlin.reversed())
        #expect(both.json["results"]?.arrayValue?.allSatisfy { $0.keys == Self.keys } == true)
        let next = try #require(fixture.send("GET", fixture.collection, query: "company=\(company)&limit=1").json["next"]?.stringValue)
        #expect(next.hasPrefix(fixture.collection + "?company=") && next.hasSuffix("&limit=1"))
        #expect(fixture.send("GET", fixture.collection, query: "company=\(company)&location=Paris").ids() == [])
    }

    @Test(arguments: Board.allCases)
    func list_AsAnAdmin_ShowsTheCounts(board: Board) throws {
        let fixture = try BoardFixture(board)
        let company = uniqueWord()
        let id = try fixture.posting(company: company)
        #expect(fixture.apply(try fixture.user(), to: id).status == 201)
        #expect(fixture.apply(try fixture.user(), to: id).status == 201)
        let page = fixture.send("GET", fixture.collection, query: "company=\(company)", as: fixture.admin)
        #expect(page.json["results"]?.arrayValue?.first?["applications_count"] == 2)
    }

    @Test(arguments: Board.allCases)
    func search_NeedsEveryWord_Stems_AndRanksTitlesFirst(board: Board) throws {
        let fixture = try BoardFixture(board)
        let word = uniqueWord()
        let inTitle = try fixture.posting(title: "Senior \(word) engineer", description: "Servers.")
        let inDescription = try fixture.posting(title: "Developer", description: "Work with the \(word) team as an engineer.")
        let inCompany = try fixture.posting(title: "Developer", description: "Servers.", company: "\(word) Labs")
        let hits = { (query: String) in fixture.send("GET", fixture.collection, query: query).ids() }
        #expect(hits("search=\(word)") == [inTitle, inCompany, inDescription])
        #expect(hits("search=\(word)+engineers") == [inTitle, inDescription])   // stemming, every word
        #expect(hits("search=\(word)+gardener") == [])
        #expect(hits("search=\(uniqueWord())") == [])
        #expect(hits("search=\(word)&company=\(word)+labs") == [inCompany])
        #expect(hits("search=\(word)&limit=1").count == 1)
        #expect(try fixture.walk(fixture.collection, query: "search=\(word)&limit=1") == [inTitle, inCompany, inDescription])
    }

    @Test(arguments: Board.allCases, [("search", 201), ("company", 201), ("location", 201), ("limit", 0)])
    func list_BadParameters_Are400OnThatParameter(board: Board, parameter: (String, Int)) throws {
        let fixture = try BoardFixture(board)
        let value = parameter.0 == "limit" ? "0" : String(repeating: "a", count: parameter.1)
        let response = fixture.send("GET", fixture.collection, query: "\(parameter.0)=\(value)")
        #expect(response.status == 400)
        #expect(response.fields?.keys == [parameter.0])
    }
}
