import Testing
@testable import AgoraPostgres

struct MigrationTests {
    @Test(arguments: [
        ("0001_core.sql", 1, "core"), ("0042_add_blog_tags.sql", 42, "add_blog_tags"), ("7_x.sql", 7, "x"),
    ])
    func init_ReadsVersionAndName_FromFileName(fileName: String, version: Int, name: String) throws {
        let migration = try #require(Migration(fileName: fileName, directory: "db/migrations/"))
        #expect(migration.version == version)
        #expect(migration.name == name)
        #expect(migration.path == "db/migrations/" + fileName)
    }

    @Test(arguments: ["core.sql", "0001-core.sql", "0001_.sql", "_core.sql", "0001_core.txt", "00a1_core.sql"])
    func init_ReturnsNil_WhenFileNameIsNotNumbered(fileName: String) {
        #expect(Migration(fileName: fileName, directory: "db") == nil)
    }

    @Test func migrations_Throws_WhenASQLFileIsMisnamedOrDuplicated() throws {
        let folder = try MigrationFolder()
        defer { folder.remove() }
        let migrator = Migrator(connection: PostgresConnection(url: "postgresql://unused@127.0.0.1:1/x"), directory: folder.path)
        try folder.write("0001_a.sql", "")
        try folder.write("001_b.sql", "")
        let duplicate = #expect(throws: PostgresError.self) { try migrator.migrations() }
        #expect(duplicate?.code == .migration)
        folder.remove()
        let missing = #expect(throws: PostgresError.self) { try migrator.migrations() }
        #expect(missing?.code == .migration)
    }
}
