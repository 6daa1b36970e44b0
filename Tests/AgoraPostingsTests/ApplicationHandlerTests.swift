import AgoraCore
import AgoraPostgres
import AgoraTesting
import Testing

/// Applications in-process, on every board: a user applies for themselves, an admin for anyone,
/// once per posting; another user's applications are 403 for a non-admin, whatever the id.
@Suite(.enabled(if: TestFunction.isAvailable))
struct ApplicationHandlerTests {
    @Test(arguments: Board.allCases)
    func apply_Is201WithThePostingEmbedded_TwiceIs409_AfterWithdrawingIs201Again(board: Board) throws {
        let fixture = try BoardFixture(board)
        let user = try fixture.user()
        let posting = try fixture.posting()
        let created = fixture.apply(user, to: posting, coverLetter: "  Hire me.  ")
        #expect(created.status == 201)
        #expect(created.json.keys == [board.singular, "applied_date", "cover_letter"])
        #expect(created.json["cover_letter"] == "Hire me.")
        #expect(created.json[board.singular] == fixture.send("GET", fixture.collection + "\(posting)/").json)
        let path = fixture.application(of: user.id, for: posting)
        #expect(fixture.send("GET", path, as: user).json == created.json)
        let twice = fixture.apply(user, to: posting)
        #expect(twice.status == 409 && twice.errorCode == "conflict")
        #expect(fixture.send("DELETE", path, as: user).status == 204)
        #expect(fixture.send("GET", path, as: user).errorCode == "not_found")
        #expect(fixture.send("DELETE", path, as: user).errorCode == "not_found")
        let again = fixture.apply(user, to: posting)
        #expect(again.status == 201 && again.json["cover_letter"] == "")
        #expect(fixture.send("GET", fixture.collection + "\(posting)/", as: fixture.admin).json["applications_count"] == 1)
    }

    @Test(arguments: Board.allCases)
    func anotherUsersApplications_Are403ForANonAdmin_EvenForIdsThatDoNotExist(board: Board) throws {
        let fixture = try BoardFixture(board)
        let alice = try fixture.user("alice")
        let bob = try fixture.user("bob")
        let posting = try fixture.posting()
        #expect(fixture.apply(alice, to: posting).status == 201)
        for owner in [alice.id, 999_999_999_999] {
            #expect(fixture.send("GET", fixture.applications(of: owner), as: bob).errorCode == "forbidden")
            #expect(fixture.send("POST", fixture.applications(of: owner), body: [:], as: bob).errorCode == "forbidden")
            #expect(fixture.send("GET", fixture.application(of: owner, for: posting), as: bob).errorCode == "forbidden")
            #expect(fixture.send("DELETE", fixture.application(of: owner, for: posting), as: bob).errorCode == "forbidden")
        }
        #expect(fixture.send("GET", fixture.applications(of: alice.id)).errorCode == "not_authenticated")
        #expect(fixture.send("GET", fixture.application(of: alice.id, for: posting), as: alice).status == 200)
    }

    @Test(arguments: Board.allCases)
    func anAdmin_ActsForAnyone_AndAMissingUserIs404(board: Board) throws {
        let fixture = try BoardFixture(board)
        let user = try fixture.user()
        let posting = try fixture.posting()
        #expect(fixture.apply(user, to: posting, as: fixture.admin).status == 201)
        #expect(fixture.send("GET", fixture.applications(of: user.id), as: fixture.admin).ids(key: board.singular) == [posting])
        #expect(fixture.send("GET", fixture.application(of: user.id, for: posting), as: fixture.admin).status == 200)
        #expect(fixture.send("DELETE", fixture.application(of: user.id, for: posting), as: fixture.admin).status == 204)
        let missing: Int64 = 999_999_999_999
        #expect(fixture.send("GET", fixture.applications(of: missing), as: fixture.admin).errorCode == "not_found")
        #expect(fixture.send("POST", fixture.applications(of: missing), body: fixture.applicationBody(posting),
                             as: fixture.admin).errorCode == "not_found")
        #expect(fixture.send("GET", fixture.application(of: missing, for: posting), as: fixture.admin).errorCode == "not_found")
    }

    @Test(arguments: Board.allCases)
    func apply_ValidatesTheBody_AndAMissingPostingIs400OnItsField(board: Board) throws {
        let fixture = try BoardFixture(board)
        let user = try fixture.user()
        let posting = try fixture.posting()
        let path = fixture.applications(of: user.id)
        #expect(fixture.send("POST", path, body: [:], as: user).fields == [board.idName: "This field is required."])
        #expect(fixture.send("POST", path, body: [board.idName: "1"], as: user).fields
            == [board.idName: "A valid integer is required."])
        let missing = fixture.send("POST", path, body: fixture.applicationBody(999_999_999_999), as: user)
        #expect(missing.status == 400 && missing.fields?.keys == [board.idName])
        let long = JSON.string(String(repeating: "x", count: 5_001))
        #expect(fixture.apply(user, to: posting, coverLetter: long).fields
            == ["cover_letter": "Ensure this field has no more than 5000 characters."])
        #expect(fixture.apply(user, to: posting, coverLetter: .null).fields == ["cover_letter": "This field may not be null."])
        let longest = fixture.apply(user, to: posting, coverLetter: .string(String(repeating: "x", count: 5_000)))
        #expect(longest.status == 201)
    }

    @Test(arguments: Board.allCases)
    func list_IsNewestApplicationFirst_Paged_AndDeletingTheUserDeletesTheApplications(board: Board) throws {
        let fixture = try BoardFixture(board)
        let user = try fixture.user()
        let postings = try (0..<3).map { _ in try fixture.posting() }
        for posting in postings.reversed() { #expect(fixture.apply(user, to: posting).status == 201) }
        let listed = try fixture.walk(fixture.applications(of: user.id), query: "limit=2", as: user, key: board.singular)
        #expect(listed == postings)
        try fixture.function.db.execute("DELETE FROM users WHERE id = \(user.id)")
        for posting in postings {
            #expect(fixture.send("GET", fixture.collection + "\(posting)/", as: fixture.admin).json["applications_count"] == 0)
        }
    }
}
