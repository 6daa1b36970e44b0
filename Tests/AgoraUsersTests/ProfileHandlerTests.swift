import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraUsers

/// Profiles in-process: any authenticated user reads, the owner or an admin changes.
@Suite(.enabled(if: TestFunction.isAvailable))
struct ProfileHandlerTests {
    let users: TestFunction

    init() throws { users = try TestFunction(UsersFunction.self) }

    func path(_ user: TestUser) -> String { "/api/users/\(user.id)/profile/" }

    @Test func get_AnyUsersProfile_IsTheEmptyDefault_AndNeedsAToken() throws {
        let owner = try users.user("owner")
        let reader = try users.user("reader")
        let response = users.send("GET", path(owner), as: reader)
        #expect(response.status == 200)
        #expect(response.json["user_id"] == .int(owner.id))
        #expect(response.json["username"] == .string(owner.username))
        #expect(response.json["bio"] == "")
        #expect(response.json["profile_picture"] == .null)
        #expect(response.json["social_links"] == [:])
        #expect(users.send("GET", path(owner)).errorCode == "not_authenticated")
        #expect(users.send("GET", "/api/users/999999999999/profile/", as: reader).status == 404)
    }

    @Test func put_Replaces_AndPatchChangesOnlyTheFieldsSent() throws {
        let owner = try users.user("owner")
        let full: JSON = ["bio": "Hello", "profile_picture": "https://cdn.example.com/me.png",
                          "social_links": ["github": "https://github.com/me"]]
        let put = users.send("PUT", path(owner), body: full, as: owner)
        #expect(put.status == 200)
        #expect(put.json["social_links"] == full["social_links"])

        let bio = users.send("PATCH", path(owner), body: ["bio": "Changed"], as: owner)
        #expect(bio.json["bio"] == "Changed")
        #expect(bio.json["profile_picture"] == full["profile_picture"])
        #expect(bio.json["social_links"] == full["social_links"])

        let cleared = users.send("PATCH", path(owner), body: ["profile_picture": nil], as: owner)
        #expect(cleared.json["profile_picture"] == .null)
        #expect(cleared.json["bio"] == "Changed")

        let reset = users.send("PUT", path(owner), body: ["bio": "  Only bio  "], as: owner)
        #expect(reset.json["bio"] == "Only bio")
        #expect(reset.json["profile_picture"] == .null)
        #expect(reset.json["social_links"] == [:])
    }

    @Test func change_OfAnotherUsersProfile_Is403_EvenWhenItDoesNotExist() throws {
        let owner = try users.user("owner")
        let other = try users.user("other")
        #expect(users.send("PUT", path(owner), body: ["bio": "x"], as: other).errorCode == "forbidden")
        #expect(users.send("PATCH", path(owner), body: ["bio": "x"], as: other).errorCode == "forbidden")
        #expect(users.send("PUT", "/api/users/999999999999/profile/", body: [:], as: other).status == 403)
        #expect(users.send("PATCH", "/api/users/999999999999/profile/", body: [:], as: other).status == 403)
    }

    @Test func change_ByAnAdmin_IsAllowed_AndAMissingUserIs404BeforeTheBody() throws {
        let owner = try users.user("owner")
        let admin = try users.user("admin", admin: true)
        let response = users.send("PATCH", path(owner), body: ["bio": "moderated"], as: admin)
        #expect(response.status == 200)
        #expect(response.json["bio"] == "moderated")
        #expect(users.send("PUT", "/api/users/999999999999/profile/", body: ["bio": 5], as: admin).status == 404)
    }

    @Test(arguments: [
        (["bio": .string(String(repeating: "x", count: 2001))], "bio", "Ensure this field has no more than 2000 characters."),
        (["bio": 5], "bio", "Not a valid string."),
        (["bio": nil], "bio", "This field may not be null."),
        (["profile_picture": "ftp://x.example.com/a.png"], "profile_picture", "Enter a valid URL."),
        (["social_links": ["x": "http://insecure.example.com"]], "social_links",
         "Every link must be an https URL of at most 500 characters."),
        (["social_links": .object(Dictionary(uniqueKeysWithValues: (0...10).map { ("\($0)", JSON.string("https://e.example.com")) }))],
         "social_links", "At most 10 links are allowed."),
        (["social_links": ["https://e.example.com"]], "social_links", "Expected an object."),
        (["social_links": ["": "https://e.example.com"]], "social_links", "Link names must be 1 to 50 characters."),
    ] as [(JSON, String, String)])
    func patch_RefusesABadField_WithItsMessage(body: JSON, field: String, message: String) throws {
        let owner = try users.user("owner")
        let response = users.send("PATCH", path(owner), body: body, as: owner)
        #expect(response.status == 400)
        #expect(response.json["error"]?["fields"] == [field: .string(message)])
    }
}
