import AgoraCore
import AgoraPostgres
import AgoraTesting
import Testing
@testable import AgoraBlogs

/// A read never waits for a disk flush: the view a GET counts commits with `synchronous_commit`
/// off, while a creation commits durably. Seen from inside each transaction by a trigger that
/// records the setting (made as the owner role, which the test command provides).
@Suite(.enabled(if: TestFunction.isAvailable && TestFunction.ownerDatabase() != nil))
struct ViewCommitTests {
    @Test func aView_CommitsWithoutWaitingForTheFlush_ACreationWaits() throws {
        let blogs = try TestFunction(BlogsFunction.self)
        let owner = try #require(TestFunction.ownerDatabase())
        let name = "agora_test_sync_\(UInt32.random(in: 0...UInt32.max))"
        try owner.execute(unsafeSQL: """
            CREATE TABLE \(name) (blog_id bigint, setting text);
            CREATE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO \(name) VALUES (NEW.blog_id, current_setting('synchronous_commit')); RETURN NEW; END $$;
            CREATE TRIGGER \(name) AFTER INSERT OR UPDATE ON blog_stats FOR EACH ROW EXECUTE FUNCTION \(name)();
            """)
        defer {
            _ = try? owner.execute(unsafeSQL: "DROP TRIGGER \(name) ON blog_stats; DROP FUNCTION \(name)(); DROP TABLE \(name)")
        }
        // The database's default must be the production one for the comparison to mean anything.
        let standard = try #require(try blogs.db.query("SHOW synchronous_commit").first).decode(String.self)
        try #require(standard == "on")
        let alice = try blogs.user("viewer")
        let created = blogs.send("POST", "/api/blogs/", body: ["title": "Counted", "content": "Body"], as: alice)
        let id = try #require(created.json["id"]?.intValue)
        let viewed = blogs.send("GET", "/api/blogs/\(id)/")
        #expect(viewed.json["views"] == 1)
        #expect(blogs.send("GET", "/api/blogs/\(id)/").json["views"] == 2)
        let seen = try blogs.db.query("SELECT setting FROM \(SQL.identifier(name)) WHERE blog_id = \(Int64(id)) ORDER BY ctid")
            .map { try $0.decode(String.self) }
        #expect(seen == ["on", "off", "off"])
    }
}
