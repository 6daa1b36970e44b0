import AgoraCore
import AgoraPostgres
import AgoraTesting
import Testing
@testable import AgoraForums

/// `Idempotency-Key` on a creating POST under a path id: the path is part of what a repeat must
/// match, and a 404 under it is not kept.
@Suite(.enabled(if: TestFunction.isAvailable))
struct IdempotentThreadTests {
    let fixture: ForumsFixture

    init() throws { fixture = try ForumsFixture() }

    func thread(in forum: Int64, by user: TestUser, key: String) -> TestResponse {
        fixture.forums.send("POST", "/api/forums/\(forum)/threads/", body: ["title": "Kept", "content": "Text"],
                            as: user, headers: ["Idempotency-Key": key])
    }

    func threadCount(_ user: TestUser) throws -> Int64 {
        try fixture.forums.db.found("SELECT count(*) FROM threads WHERE author_id = \(user.id)").decode(Int64.self)
    }

    @Test func sameKey_UnderAnotherPath_Is422() throws {
        let user = try fixture.user()
        let (first, second) = (try fixture.forum("First"), try fixture.forum("Second"))
        let key = "thread-\(UInt64.random(in: 0...UInt64.max))"
        let created = thread(in: first, by: user, key: key)
        #expect(created.status == 201)
        let replayed = thread(in: first, by: user, key: key)
        #expect(replayed.header("Idempotent-Replayed") == "true")
        #expect(replayed.body == created.body)
        let elsewhere = thread(in: second, by: user, key: key)
        #expect(elsewhere.status == 422)
        #expect(elsewhere.errorCode == "idempotency_key_reused")
        #expect(try threadCount(user) == 1)
    }

    @Test func aMissingForum_Is404_AndNotKept() throws {
        let user = try fixture.user()
        let key = "thread-\(UInt64.random(in: 0...UInt64.max))"
        #expect(thread(in: 999_999_999_999, by: user, key: key).status == 404)
        #expect(try fixture.forums.db.found("SELECT count(*) FROM idempotency_keys WHERE user_id = \(user.id)")
            .decode(Int64.self) == 0)
    }
}
