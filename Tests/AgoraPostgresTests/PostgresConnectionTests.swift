import AgoraCore
import Testing
@testable import AgoraPostgres

@Suite(.enabled(if: TestDatabase.isAvailable, "set AGORA_TEST_DATABASE_URL to run against PostgreSQL"))
struct PostgresConnectionTests {
    @Test func query_ReturnsRows_WhenConnectedLazily() throws {
        let db = PostgresConnection(url: try #require(TestDatabase.url))
        #expect(!db.isConnected)
        let rows = try db.query(text: "SELECT 1 AS id, 'hello' AS title UNION ALL SELECT 2, 'world' ORDER BY id")
        #expect(db.isConnected)
        #expect(rows.count == 2)
        #expect(rows.columns == ["id", "title"])
        #expect(try rows.map { try $0.value("id", as: Int64.self) } == [1, 2])
        #expect(try rows[1].string(1) == "world")
    }

    @Test func connect_SetsUTF8AndUTC_WhateverTheURLSays() throws {
        let url = try #require(TestDatabase.url) + "?options=-c%20search_path%3Dpg_catalog"
        let db = PostgresConnection(url: url)
        let row = try #require(try db.query(text:
            "SELECT current_setting('TimeZone'), current_setting('client_encoding'), current_setting('search_path')"
        ).first)
        #expect(try row.string(0) == "UTC")
        #expect(try row.string(1) == "UTF8")
        #expect(try row.string(2) == "pg_catalog")
    }

    @Test func query_BindsParameters_WhenTextContainsQuotesAndUnicode() throws {
        let db = try TestDatabase.connect()
        let tricky = "O'Reilly \"quoted\" \\ back; DROP TABLE users; -- ünïcødé 🚀 中文 $1 %s\n\ttab"
        let row = try #require(try db.query(text: "SELECT $1::text AS value, length($1::text) AS length", [.text(tricky)]).first)
        #expect(try row.value("value", as: String.self) == tricky)
        #expect(try row.value("length", as: Int64.self) == Int64(tricky.unicodeScalars.count))
    }

    @Test func query_RoundTripsEveryValueKind() throws {
        let db = try TestDatabase.connect()
        let instant = try #require(Timestamp("1969-07-20 20:17:40.123456+00"))
        let json: JSON = ["title": "Hi \"there\"", "tags": ["a", "b"], "count": 3, "nested": ["ok": true, "none": nil]]
        let texts = ["a", "b,c", "say \"hi\"", "back\\slash", "NULL", "", "ü"]
        let row = try #require(try db.query(text:
            """
            SELECT $1::bigint, $2::float8, $3::boolean, $4::bytea, $5::jsonb, $6::timestamptz, $7::text[],
                   $8::bigint[], 12.50::numeric, 'NaN'::float8, '-Infinity'::float8
            """,
            [.int(Int64.min), .double(0.1), .bool(false), .bytes([0, 1, 0x7F, 0xFF]), .json(json), .timestamp(instant),
             .textArray(texts), .intArray([1, -2, Int64.max])]
        ).first)
        #expect(try row.int(0) == Int64.min)
        #expect(try row.double(1) == 0.1)
        #expect(try row.bool(2) == false)
        #expect(try row.bytes(3) == [0, 1, 0x7F, 0xFF])
        #expect(try row.json(4) == json)
        #expect(try row.timestamp(5) == instant)
        #expect(try row.stringArray(6) == texts)
        #expect(try row.intArray(7) == [1, -2, Int64.max])
        #expect(try row.double(8) == 12.5)
        #expect(try row.double(9).isNaN)
        #expect(try row.double(10) == -.infinity)
    }

    @Test func query_MatchesAnyOfAnArray_WhenBoundAsOneParameter() throws {
        let db = try TestDatabase.connect()
        let rows = try db.query(text:
            "SELECT n FROM generate_series(1, 10) AS n WHERE n = ANY($1) ORDER BY n", [.intArray([2, 5, 11])])
        #expect(try rows.map { try $0.int(0) } == [2, 5])
    }

    @Test func optionalDecoders_ReturnNil_WhenColumnIsNull() throws {
        let db = try TestDatabase.connect()
        let row = try #require(try db.query(text:
            "SELECT NULL::bigint AS a, NULL::text AS b, NULL::timestamptz AS c, $1::text AS d, NULL::jsonb AS e",
            [nil]).first)
        #expect(try row.value("a", as: Int64?.self) == nil)
        #expect(try row.value("b", as: String?.self) == nil)
        #expect(try row.value("c", as: Timestamp?.self) == nil)
        #expect(try row.value("d", as: String?.self) == nil)
        #expect(try row.value("e", as: JSON?.self) == nil)
        #expect(try row.isNull(0))
        let error = #expect(throws: PostgresError.self) { try row.value("a", as: Int64.self) }
        #expect(error?.code == .decoding)
        #expect(error?.apiError.status == 500)
    }

    @Test func decoders_Throw_WithoutQuotingTheValue_WhenTypeIsWrong() throws {
        let db = try TestDatabase.connect()
        let row = try #require(try db.query(text: "SELECT 'secret-value' AS token").first)
        let wrongType = #expect(throws: PostgresError.self) { try row.value("token", as: Int64.self) }
        #expect(wrongType?.code == .decoding)
        #expect(wrongType?.description.contains("secret-value") == false)
        #expect(throws: PostgresError.self) { try row.value("missing", as: String.self) }
        #expect(throws: PostgresError.self) { try row.string(5) }
    }

    @Test func query_ThrowsInvalidParameter_WhenTextContainsNUL() throws {
        let db = try TestDatabase.connect()
        let error = #expect(throws: PostgresError.self) { try db.query(text: "SELECT $1::text", [.text("a\u{0}b")]) }
        #expect(error?.apiError.status == 400)
        #expect(try db.query(text: "SELECT 1").count == 1)
    }

    @Test func query_ReusesThePreparedStatement_WhenSameSQLRunsTwice() throws {
        let db = try TestDatabase.connect()
        let sql = "SELECT $1::bigint + 1 AS next /* \(TestDatabase.uniqueName("cache")) */"
        for value: Int64 in [1, 2, 3] {
            #expect(try db.query(text: sql, [.int(value)]).first?.int(0) == value + 1)
        }
        let prepared = try db.query(text:
            "SELECT name, generic_plans + custom_plans FROM pg_prepared_statements WHERE statement = $1", [.text(sql)])
        #expect(prepared.count == 1)
        #expect(try prepared.first?.int(1) == 3)
        #expect(db.statements[StatementKey(sql)]?.name == (try prepared.first?.string(0)))
    }

    @Test func query_SharesOneColumnLayout_WhenTheSamePreparedStatementRunsAgain() throws {
        let db = try TestDatabase.connect()
        // Two columns named `id`: a read by name gets the first, on every execution.
        let sql = "SELECT $1::bigint AS id, 'a' || $1::text AS title, -$1::bigint AS id /* \(TestDatabase.uniqueName("layout")) */"
        let first = try db.query(text: sql, [.int(1)])
        let second = try db.query(text: sql, [.int(2)])
        #expect(first.layout === second.layout)
        #expect(db.statements[StatementKey(sql)]?.layout === first.layout)
        #expect(second.columns == ["id", "title", "id"])
        #expect(try second.first?.value("id", as: Int64.self) == 2)
        #expect(try second.first?.value("title", as: String.self) == "a2")
        let (id, title, negated) = try #require(try second.first?.decode((Int64, String, Int64).self))
        #expect(id == 2 && title == "a2" && negated == -2)
        // Read out of select-list order too (the next-column guess misses).
        #expect(try second.first.map { row in [try row.value("title", as: String.self), String(try row.value("id", as: Int64.self))] } == ["a2", "2"])
        let error = #expect(throws: PostgresError.self) { try second.first?.value("missing", as: Int64.self) }
        #expect(error?.code == .decoding)
    }

    @Test func query_PreparesAgain_WhenAMigrationChangedTheCachedStatementsTable() throws {
        let db = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("altered")
        try db.execute(unsafeSQL: "CREATE TEMP TABLE \(table) (id bigint); INSERT INTO \(table) VALUES (1)")
        let sql = "SELECT * FROM \(table) WHERE id = $1"
        #expect(try db.query(text: sql, [.int(1)]).columns == ["id"])
        let other = db.statements[StatementKey(sql)]?.name
        try db.execute(unsafeSQL: "ALTER TABLE \(table) ADD COLUMN title text DEFAULT 'x'")
        let rows = try db.query(text: sql, [.int(1)])
        #expect(rows.columns == ["id", "title"])
        #expect(try rows.first?.value("title", as: String.self) == "x")
        #expect(db.statements[StatementKey(sql)]?.name != other)
    }

    @Test func execute_ReturnsAffectedRows() throws {
        let db = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("affected")
        try db.execute(unsafeSQL: "CREATE TEMP TABLE \(table) (id bigint)")
        #expect(try db.execute(text: "INSERT INTO \(table) SELECT generate_series(1, $1::int)", [.int(5)]) == 5)
        #expect(try db.execute(text: "DELETE FROM \(table) WHERE id > $1", [.int(3)]) == 2)
    }

    @Test func query_ThrowsConflictWithConstraintName_WhenUniqueValueRepeats() throws {
        let db = try TestDatabase.connect()
        let table = TestDatabase.uniqueName("users")
        try db.execute(unsafeSQL: "CREATE TEMP TABLE \(table) (id bigserial PRIMARY KEY, email text CONSTRAINT \(table)_email_key UNIQUE)")
        try db.execute(text: "INSERT INTO \(table) (email) VALUES ($1)", ["a@example.com"])
        let error = #expect(throws: PostgresError.self) {
            try db.execute(text: "INSERT INTO \(table) (email) VALUES ($1)", ["a@example.com"])
        }
        #expect(error?.isUniqueViolation == true)
        #expect(error?.constraint == "\(table)_email_key")
        #expect(error?.table == table)
        #expect(error?.apiError.status == 409)
        #expect(error?.apiError.code == "conflict")
        #expect(error?.description.contains("a@example.com") == false)
        #expect(try db.query(text: "SELECT count(*) FROM \(table)").first?.int(0) == 1)
    }

    @Test func query_ThrowsValidation_WhenTextIsNotANumber() throws {
        let db = try TestDatabase.connect()
        let error = #expect(throws: PostgresError.self) { try db.query(text: "SELECT $1::int", ["twelve"]) }
        #expect(error?.sqlState == "22P02")
        #expect(error?.apiError.code == "validation_failed")
    }

    @Test func query_ThrowsInternalError_WhenSQLIsWrong_AndConnectionSurvives() throws {
        let db = try TestDatabase.connect()
        let pid = db.backendPID
        let error = #expect(throws: PostgresError.self) { try db.query(text: "SELEC 1") }
        #expect(error?.sqlState == "42601")
        #expect(error?.apiError == .internalError)
        #expect(try db.query(text: "SELECT 1").count == 1)
        #expect(db.backendPID == pid)
    }

    @Test func query_ReconnectsTransparently_WhenBackendWasTerminatedWhileIdle() throws {
        let db = try TestDatabase.connect()
        let before = try #require(db.backendPID)
        _ = try db.query(text: "SELECT $1::int", [.int(1)])
        try TestDatabase.terminateBackend(of: db)
        // Nothing had been sent on the dead session, so retrying on a new one is safe.
        #expect(try db.query(text: "SELECT $1::int", [.int(2)]).first?.int(0) == 2)
        #expect(db.backendPID != before)
    }

    @Test func query_ThrowsServiceUnavailableOnce_WhenConnectionDiesDuringTheCall() throws {
        let db = try TestDatabase.connect()
        let before = try #require(db.backendPID)
        let error = #expect(throws: PostgresError.self) { try db.query(text: "SELECT pg_terminate_backend(pg_backend_pid())") }
        #expect(error?.code == .connectionClosed)
        #expect(error?.apiError.status == 503)
        #expect(!db.isConnected)
        #expect(try db.query(text: "SELECT 1").count == 1)
        #expect(db.backendPID != before)
    }

    @Test func serverNow_AgreesWithTimestampNow() throws {
        let db = try TestDatabase.connect()
        let server = try #require(try db.query(text: "SELECT now()").first?.timestamp(0))
        let local = Timestamp.now()
        #expect(abs(server.microseconds - local.microseconds) < 5_000_000)
        #expect(try db.query(text: "SELECT $1::timestamptz = $2::timestamptz", [.timestamp(local), .text(local.rfc3339)])
            .first?.bool(0) == (local.microseconds % 1000 == 0))
    }
}
