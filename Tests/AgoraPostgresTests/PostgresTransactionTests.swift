import AgoraCore
import Testing
@testable import AgoraPostgres

@Suite(.enabled(if: TestDatabase.isAvailable, "set AGORA_TEST_DATABASE_URL to run against PostgreSQL"))
struct PostgresTransactionTests {
    struct Boom: Error, Equatable {}

    private func makeTable(_ db: PostgresConnection) throws -> String {
        let table = TestDatabase.uniqueName("items")
        try db.execute(unsafeSQL: "CREATE TEMP TABLE \(table) (name text PRIMARY KEY)")
        return table
    }

    private func names(_ db: PostgresConnection, _ table: String) throws -> [String] {
        try db.query(text: "SELECT name FROM \(table) ORDER BY name").map { try $0.string(0) }
    }

    @Test func transaction_Commits_WhenBodyReturns() throws {
        let db = try TestDatabase.connect()
        let table = try makeTable(db)
        let value = try db.transaction {
            try db.execute(text: "INSERT INTO \(table) VALUES ($1)", ["a"])
            return 42
        }
        #expect(value == 42)
        #expect(try names(db, table) == ["a"])
    }

    @Test func transaction_RollsBackAndRethrows_WhenBodyThrows() throws {
        let db = try TestDatabase.connect()
        let table = try makeTable(db)
        #expect(throws: Boom()) {
            try db.transaction {
                try db.execute(text: "INSERT INTO \(table) VALUES ($1)", ["a"])
                throw Boom()
            }
        }
        #expect(try names(db, table) == [])
        #expect(try db.query(text: "SELECT 1").count == 1)
    }

    @Test func transaction_RollsBack_WhenAStatementFails() throws {
        let db = try TestDatabase.connect()
        let table = try makeTable(db)
        let error = #expect(throws: PostgresError.self) {
            try db.transaction {
                try db.execute(text: "INSERT INTO \(table) VALUES ($1)", ["a"])
                try db.execute(text: "INSERT INTO \(table) VALUES ($1)", ["a"])
            }
        }
        #expect(error?.isUniqueViolation == true)
        #expect(try names(db, table) == [])
    }

    @Test func transaction_ThrowsRolledBack_WhenBodySwallowsADatabaseError() throws {
        let db = try TestDatabase.connect()
        let table = try makeTable(db)
        let error = #expect(throws: PostgresError.self) {
            try db.transaction {
                try db.execute(text: "INSERT INTO \(table) VALUES ($1)", ["a"])
                _ = try? db.execute(text: "INSERT INTO \(table) VALUES ($1)", ["a"])
            }
        }
        #expect(error?.code == .transactionRolledBack)
        #expect(try names(db, table) == [])
    }

    @Test func nestedTransaction_UndoesOnlyInnerWork_WhenInnerFailureIsCaught() throws {
        let db = try TestDatabase.connect()
        let table = try makeTable(db)
        try db.transaction {
            try db.execute(text: "INSERT INTO \(table) VALUES ($1)", ["outer"])
            do {
                try db.transaction {
                    try db.execute(text: "INSERT INTO \(table) VALUES ($1)", ["inner"])
                    try db.execute(text: "INSERT INTO \(table) VALUES ($1)", ["outer"])
                }
            } catch let error as PostgresError where error.isUniqueViolation {}
            try db.transaction { try db.execute(text: "INSERT INTO \(table) VALUES ($1)", ["second"]) }
        }
        #expect(try names(db, table) == ["outer", "second"])
    }

    @Test func transaction_NeverContinuesOnANewSession_WhenConnectionIsLostInside() throws {
        let db = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("lost")
        try db.execute(unsafeSQL: "CREATE TABLE \(table) (name text)")
        defer { _ = try? db.execute(unsafeSQL: "DROP TABLE IF EXISTS \(table)") }
        var errorsInside: [PostgresError.Code] = []
        let error = #expect(throws: PostgresError.self) {
            try db.transaction {
                try db.execute(text: "INSERT INTO \(table) VALUES ($1)", ["before"])
                try TestDatabase.terminateBackend(of: db)
                // A handler that swallows the failure must not get autocommit statements.
                do { try db.execute(text: "INSERT INTO \(table) VALUES ($1)", ["after"]) } catch let error as PostgresError {
                    errorsInside.append(error.code)
                }
            }
        }
        #expect(errorsInside == [.connectionClosed])
        #expect(error?.code == .connectionClosed)
        #expect(error?.apiError.status == 503)
        #expect(try names(db, table) == [])
    }
}
