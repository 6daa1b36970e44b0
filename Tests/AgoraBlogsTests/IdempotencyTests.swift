import AgoraCore
import AgoraPostgres
import AgoraRuntime
import AgoraTesting
import Testing
@testable import AgoraBlogs

/// `Idempotency-Key` on a creating POST, through the shared pipeline (blogs as the example):
/// a repeat replays the kept answer and changes nothing, a reuse on another request is 422, a
/// repeat while the first runs is 409, keys are per caller, and without the header nothing changes.
@Suite(.enabled(if: TestFunction.isAvailable))
struct IdempotencyTests {
    let blogs: TestFunction

    init() throws { blogs = try TestFunction(BlogsFunction.self) }

    func post(_ user: TestUser?, key: String?, title: String = "Kept", path: String = "/api/blogs/") -> TestResponse {
        blogs.send("POST", path, body: ["title": .string(title), "content": "Body"], as: user,
                   headers: key.map { ["Idempotency-Key": $0] } ?? [:])
    }

    func blogCount(_ user: TestUser) throws -> Int64 {
        try blogs.db.found("SELECT count(*) FROM blogs WHERE author_id = \(user.id)").decode(Int64.self)
    }

    func keyCount(_ user: TestUser) throws -> Int64 {
        try blogs.db.found("SELECT count(*) FROM idempotency_keys WHERE user_id = \(user.id)").decode(Int64.self)
    }

    static func freshKey() -> String { "key-\(UInt64.random(in: 0...UInt64.max))" }

    @Test func repeat_ReplaysTheSameAnswer_AndCreatesNothingMore() throws {
        let alice = try blogs.user("alice")
        let key = IdempotencyTests.freshKey()
        let first = post(alice, key: key)
        #expect(first.status == 201)
        #expect(first.header("Idempotent-Replayed") == nil)
        let again = post(alice, key: key)
        #expect(again.status == 201)
        #expect(again.body == first.body)
        #expect(again.header("Content-Type") == first.header("Content-Type"))
        #expect(again.header("Idempotent-Replayed") == "true")
        #expect(again.header("X-Request-ID") != nil)
        // The path is the same with or without its trailing slash.
        #expect(post(alice, key: key, path: "/api/blogs").header("Idempotent-Replayed") == "true")
        #expect(try blogCount(alice) == 1)
        #expect(try keyCount(alice) == 1)
    }

    @Test func sameKey_WithAnotherBody_Is422_AndCreatesNothing() throws {
        let alice = try blogs.user("alice")
        let key = IdempotencyTests.freshKey()
        #expect(post(alice, key: key, title: "One").status == 201)
        let other = post(alice, key: key, title: "Two")
        #expect(other.status == 422)
        #expect(other.errorCode == "idempotency_key_reused")
        #expect(other.json["error"]?["request_id"] == "test-request")
        #expect(try blogCount(alice) == 1)
    }

    @Test func sameKey_OnAnotherMethodOrPath_Is422() throws {
        let alice = try blogs.user("alice")
        let key = IdempotencyTests.freshKey()
        #expect(post(alice, key: key).status == 201)
        // Another path: a kept row of this key for another path answers 422 here.
        try blogs.db.execute("UPDATE idempotency_keys SET path = '/api/forums/1/threads/' WHERE user_id = \(alice.id)")
        #expect(post(alice, key: key).errorCode == "idempotency_key_reused")
        try blogs.db.execute("UPDATE idempotency_keys SET path = '/api/blogs/', method = 'PUT' WHERE user_id = \(alice.id)")
        #expect(post(alice, key: key).errorCode == "idempotency_key_reused")
        #expect(try blogCount(alice) == 1)
    }

    @Test func keys_ArePerCaller() throws {
        let alice = try blogs.user("alice")
        let bob = try blogs.user("bob")
        let key = IdempotencyTests.freshKey()
        let mine = post(alice, key: key)
        let theirs = post(bob, key: key)
        #expect(mine.status == 201 && theirs.status == 201)
        #expect(theirs.header("Idempotent-Replayed") == nil)
        #expect(mine.json["id"] != theirs.json["id"])
        #expect(theirs.json["author"]?["id"] == .int(bob.id))
        #expect(try blogCount(alice) == 1 && blogCount(bob) == 1)
    }

    @Test(arguments: ["", String(repeating: "k", count: 256), "two words", "caf\u{E9}", "tab\there", "nul\u{0}"])
    func malformedKey_Is400_AndRunsNothing(key: String) throws {
        let alice = try blogs.user("alice")
        let response = post(alice, key: key)
        #expect(response.status == 400)
        #expect(response.errorCode == "validation_failed")
        #expect(try blogCount(alice) == 0)
    }

    @Test func longestAndOddestValidKeys_AreAccepted() throws {
        let alice = try blogs.user("alice")
        #expect(post(alice, key: String(repeating: "k", count: 255)).status == 201)
        #expect(post(alice, key: "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~").status == 201)
        #expect(try blogCount(alice) == 2)
    }

    @Test func withoutTheHeader_EveryPostCreates() throws {
        let alice = try blogs.user("alice")
        #expect(post(alice, key: nil).status == 201)
        #expect(post(alice, key: nil).status == 201)
        #expect(try blogCount(alice) == 2)
        #expect(try keyCount(alice) == 0)
    }

    @Test func whileTheFirstRuns_ARepeatIs409_ThenItRunsOnceTheLockIsGone() throws {
        let alice = try blogs.user("alice")
        let key = IdempotencyTests.freshKey()
        // Another session holds the (caller, key) lock, as the first request's transaction does.
        try blogs.db.transaction {
            _ = try blogs.db.query("SELECT pg_advisory_xact_lock(hashtextextended(\("user:\(alice.id) " + key), 0))")
            let busy = post(alice, key: key)
            #expect(busy.status == 409)
            #expect(busy.errorCode == "idempotency_in_progress")
            // Another key of the same caller is not held up.
            #expect(post(alice, key: IdempotencyTests.freshKey()).status == 201)
        }
        #expect(try blogCount(alice) == 1)
        #expect(post(alice, key: key).status == 201)
        #expect(try blogCount(alice) == 2)
    }

    @Test func aRefusal_IsNotKept_SoTheCorrectedRequestRuns() throws {
        let alice = try blogs.user("alice")
        let key = IdempotencyTests.freshKey()
        let refused = blogs.send("POST", "/api/blogs/", body: ["title": "", "content": "Body"], as: alice,
                                 headers: ["Idempotency-Key": key])
        #expect(refused.status == 400)
        #expect(try keyCount(alice) == 0)
        #expect(post(alice, key: key).status == 201)
        #expect(try blogCount(alice) == 1)
    }

    @Test func anExpiredKey_RunsAfresh_AndIsKeptAgain() throws {
        let alice = try blogs.user("alice")
        let key = IdempotencyTests.freshKey()
        let first = post(alice, key: key)
        try blogs.db.execute("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE user_id = \(alice.id)")
        let second = post(alice, key: key)
        #expect(second.status == 201)
        #expect(second.header("Idempotent-Replayed") == nil)
        #expect(second.json["id"] != first.json["id"])
        #expect(post(alice, key: key).json["id"] == second.json["id"])
        #expect(try blogCount(alice) == 2)
        #expect(try keyCount(alice) == 1)
    }

    @Test func theKey_IsReadOnlyOnCreatingPosts() throws {
        let alice = try blogs.user("alice")
        let id = try #require(post(alice, key: nil).json["id"]?.intValue)
        // PUT creates nothing: its key is not looked at, even a malformed one.
        let update = blogs.send("PUT", "/api/blogs/\(id)/", body: ["title": "New", "content": "Body"], as: alice,
                                headers: ["Idempotency-Key": ""])
        #expect(update.status == 200)
        #expect(try keyCount(alice) == 0)
    }

    @Test func aDeletedAccount_TakesItsKeptAnswersWithIt() throws {
        let alice = try blogs.user("alice")
        #expect(post(alice, key: IdempotencyTests.freshKey()).status == 201)
        try blogs.db.execute("DELETE FROM users WHERE id = \(alice.id)")
        #expect(try blogs.db.found("SELECT count(*) FROM idempotency_keys WHERE caller = \("user:\(alice.id)")")
            .decode(Int64.self) == 0)
    }

    @Test func purge_DeletesExpiredKeysOnly() throws {
        let alice = try blogs.user("alice")
        #expect(post(alice, key: "old").status == 201)
        #expect(post(alice, key: "new").status == 201)
        try blogs.db.execute("UPDATE idempotency_keys SET expires_at = now() - interval '1 minute' WHERE user_id = \(alice.id) AND key = 'old'")
        while try IdempotencyKeys.purgeExpired(blogs.db) > 0 {}
        let keys = try blogs.db.query("SELECT key FROM idempotency_keys WHERE user_id = \(alice.id)").map { row in
            try row.decode(String.self)
        }
        #expect(keys == ["new"])
    }
}
