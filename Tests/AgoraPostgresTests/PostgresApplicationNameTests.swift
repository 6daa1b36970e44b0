import Testing
@testable import AgoraPostgres

/// `application_name`: the session's own from the start, a request's while its statements run,
/// set in the round trip of the statement it applies to (see `PostgresConnection+ApplicationName`).
@Suite(.enabled(if: TestDatabase.isAvailable, "set AGORA_TEST_DATABASE_URL to run against PostgreSQL"))
struct PostgresApplicationNameTests {
    static let traced = "agora-pgtest 4bf92f3577b34da6a3ce929d0e0e4736"

    private func connect() throws -> PostgresConnection {
        guard let url = TestDatabase.url else { throw TestDatabase.TestSkipped() }
        return PostgresConnection(url: url, applicationName: "agora-pgtest")
    }

    /// What the statement itself runs under.
    private func current(_ db: PostgresConnection) throws -> String {
        try db.query(text: "SELECT current_setting('application_name')").first.map { try $0.string(0) } ?? ""
    }

    /// What another session sees in `pg_stat_activity`, without running anything on `db`.
    private func seen(_ db: PostgresConnection) throws -> String {
        let pid = try #require(db.backendPID)
        let observer = try TestDatabase.connect()
        return try observer.query(text: "SELECT application_name FROM pg_stat_activity WHERE pid = $1", [.int(pid)])
            .first.map { try $0.string(0) } ?? ""
    }

    @Test func session_CarriesItsOwnName_FromTheStart() throws {
        let db = try connect()
        try db.connect()
        #expect(try seen(db) == "agora-pgtest")
        #expect(!db.needsApplicationName)
        #expect(try current(db) == "agora-pgtest")
    }

    @Test func requestName_AppliesToTheVeryStatement_ThenTheSessionsNameComesBack() throws {
        let db = try connect()
        #expect(try current(db) == "agora-pgtest")
        db.requestApplicationName = Self.traced
        #expect(db.needsApplicationName)
        #expect(try current(db) == Self.traced)
        #expect(try seen(db) == Self.traced)
        #expect(!db.needsApplicationName)
        db.requestApplicationName = nil
        #expect(db.needsApplicationName)
        #expect(try current(db) == "agora-pgtest")
        #expect(try seen(db) == "agora-pgtest")
    }

    /// The name is its own implicit transaction in the pipeline: the statement's failure leaves it.
    @Test func requestName_Stays_WhenTheStatementFails() throws {
        let db = try connect()
        db.requestApplicationName = Self.traced
        #expect(throws: PostgresError.self) { try db.query(text: "SELECT 1 / 0") }
        #expect(!db.needsApplicationName)
        #expect(try seen(db) == Self.traced)
        #expect(try db.query(text: "SELECT 2").count == 1)
    }

    /// A transaction's BEGIN carries the name, set before the block: a ROLLBACK keeps it.
    @Test func requestName_RidesOnBegin_AndOutlivesARollback() throws {
        let db = try connect()
        try db.connect()
        db.requestApplicationName = Self.traced
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.transaction {
                #expect(try current(db) == Self.traced)
                throw Boom()
            }
        }
        #expect(try seen(db) == Self.traced)
        #expect(!db.needsApplicationName)
    }

    /// Set inside a transaction (not the request's first statement), a ROLLBACK undoes it: the
    /// connection forgets what it set and sets it again with the next statement.
    @Test func nameSetInsideARolledBackTransaction_IsSetAgain() throws {
        let db = try connect()
        try db.connect()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.transaction {
                db.requestApplicationName = Self.traced
                #expect(try current(db) == Self.traced)
                throw Boom()
            }
        }
        #expect(try seen(db) == "agora-pgtest")
        #expect(db.needsApplicationName)
        #expect(try current(db) == Self.traced)
    }

    /// Several statements in one text (the simple protocol) get the name first.
    @Test func requestName_AppliesBeforeUnsafeSQL() throws {
        let db = try connect()
        db.requestApplicationName = Self.traced
        try db.execute(unsafeSQL: "SELECT 1; SELECT 2")
        #expect(try seen(db) == Self.traced)
    }

    /// A new session starts from the session's own name again.
    @Test func newSession_StartsWithItsOwnName() throws {
        let db = try connect()
        db.requestApplicationName = Self.traced
        #expect(try current(db) == Self.traced)
        try TestDatabase.terminateBackend(of: db)
        db.requestApplicationName = nil
        _ = try? db.query(text: "SELECT 1")  // may meet the dead session first
        #expect(try current(db) == "agora-pgtest")
    }
}
