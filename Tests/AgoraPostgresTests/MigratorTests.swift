import AgoraCore
import Testing
@testable import AgoraPostgres

@Suite(.enabled(if: TestDatabase.isAvailable, "set AGORA_TEST_DATABASE_URL to run against PostgreSQL"))
struct MigratorTests {
    /// A connection whose search_path is a schema of its own, so parallel tests each have
    /// their own `schema_migrations`.
    private func isolatedConnection() throws -> (PostgresConnection, String) {
        let db = try TestDatabase.connect()
        let schema = TestDatabase.uniqueName("migrations")
        try db.execute(unsafeSQL: "CREATE SCHEMA \(schema); SET search_path TO \(schema)")
        return (db, schema)
    }

    private func tables(_ db: PostgresConnection, _ schema: String) throws -> [String] {
        try db.query(text:
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1", [.text(schema)]
        ).map { try $0.string(0) }
    }

    @Test func apply_RunsFilesInVersionOrder_AndTheSecondRunAppliesNothing() throws {
        let (db, schema) = try isolatedConnection()
        defer { _ = try? db.execute(unsafeSQL: "DROP SCHEMA \(schema) CASCADE") }
        let folder = try MigrationFolder()
        defer { folder.remove() }
        // 0010 depends on 0002, which sorts after it as text but before it as a number.
        try folder.write("0010_posts.sql", "CREATE TABLE posts (id bigserial PRIMARY KEY, author bigint REFERENCES authors);\nINSERT INTO posts (author) VALUES (1);")
        try folder.write("0002_authors.sql", "\u{FEFF}-- authors\nCREATE TABLE authors (id bigint PRIMARY KEY);\nINSERT INTO authors VALUES (1);\n")
        try folder.write("README.md", "not a migration")
        let migrator = Migrator(connection: db, directory: folder.path)

        #expect(try migrator.pending().map(\.version) == [2, 10])
        #expect(try migrator.apply().map(\.fileName) == ["0002_authors.sql", "0010_posts.sql"])
        #expect(try migrator.apply().isEmpty)
        #expect(try migrator.pending().isEmpty)
        #expect(try tables(db, schema) == ["authors", "posts", "schema_migrations"])
        let recorded = try db.query(text: "SELECT version, name FROM schema_migrations ORDER BY version")
        #expect(try recorded.map { try "\($0.int(0)) \($0.string(1))" } == ["2 authors", "10 posts"])
        let status = try migrator.status()
        #expect(status.map(\.0.version) == [2, 10])
        #expect(status.allSatisfy { $0.appliedAt != nil })
    }

    @Test func apply_RollsBackAndRecordsNothing_WhenAMigrationFails() throws {
        let (db, schema) = try isolatedConnection()
        defer { _ = try? db.execute(unsafeSQL: "DROP SCHEMA \(schema) CASCADE") }
        let folder = try MigrationFolder()
        defer { folder.remove() }
        try folder.write("0001_good.sql", "CREATE TABLE good (id int);")
        try folder.write("0002_bad.sql", "CREATE TABLE half_done (id int);\nSELECT 1 / 0;")
        try folder.write("0003_later.sql", "CREATE TABLE later (id int);")
        let migrator = Migrator(connection: db, directory: folder.path)

        let error = #expect(throws: PostgresError.self) { try migrator.apply() }
        #expect(error?.sqlState == "22012")
        #expect(error?.message.hasPrefix("0002_bad.sql: ") == true)
        #expect(try tables(db, schema) == ["good", "schema_migrations"])
        #expect(try migrator.pending().map(\.version) == [2, 3])
        let status = try migrator.status()
        #expect(status.map { $0.appliedAt != nil } == [true, false, false])

        try folder.write("0002_bad.sql", "CREATE TABLE fixed (id int);")
        #expect(try migrator.apply().map(\.version) == [2, 3])
    }

    @Test func apply_WaitsForTheAdvisoryLock_WhenAnotherMigratorHoldsIt() throws {
        let (db, schema) = try isolatedConnection()
        defer { _ = try? db.execute(unsafeSQL: "DROP SCHEMA \(schema) CASCADE") }
        let folder = try MigrationFolder()
        defer { folder.remove() }
        try folder.write("0001_one.sql", "CREATE TABLE one (id int);")
        let other = try TestDatabase.connect()
        _ = try other.query(text: "SELECT pg_advisory_lock($1)", [.int(Migrator.advisoryLockKey)])
        try db.execute(unsafeSQL: "SET lock_timeout = '300ms'")

        let error = #expect(throws: PostgresError.self) { try Migrator(connection: db, directory: folder.path).apply() }
        #expect(error?.sqlState == "55P03")
        #expect(try tables(db, schema) == [])

        _ = try other.query(text: "SELECT pg_advisory_unlock($1)", [.int(Migrator.advisoryLockKey)])
        try db.execute(unsafeSQL: "SET lock_timeout = 0")
        #expect(try Migrator(connection: db, directory: folder.path).apply().count == 1)
    }

    @Test func apply_AcceptsAnEmptyOrCommentOnlyFile() throws {
        let (db, schema) = try isolatedConnection()
        defer { _ = try? db.execute(unsafeSQL: "DROP SCHEMA \(schema) CASCADE") }
        let folder = try MigrationFolder()
        defer { folder.remove() }
        try folder.write("0001_nothing.sql", "-- intentionally empty\n")
        #expect(try Migrator(connection: db, directory: folder.path).apply().count == 1)
    }
}
