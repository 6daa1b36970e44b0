import AgoraCore
import Testing
@testable import AgoraPostgres

/// `SQL`: interpolated values are parameters, numbered in text order; fragments keep their
/// parameters; only literals and fragments are text.
struct SQLTests {
    @Test func interpolation_BindsValues_InTextOrder() {
        let title = "x'); DROP TABLE users; --"
        let sql: SQL = "SELECT id FROM blogs WHERE author_id = \(Int64(7)) AND title = \(title) AND draft = \(false)"
        #expect(sql.text == "SELECT id FROM blogs WHERE author_id = $1 AND title = $2 AND draft = $3")
        #expect(sql.parameters == [.int(7), .text(title), .bool(false)])
    }

    @Test func fragments_AreText_AndRenumberTheirParameters() {
        let filter: SQL = "b.author_id = \(Int64(3))"
        let columns: SQL = "b.id, b.title"
        var sql: SQL = "SELECT \(columns) FROM blogs b WHERE b.id > \(Int64(10)) AND \(filter)"
        sql.append(" LIMIT \(21)")
        #expect(sql.text == "SELECT b.id, b.title FROM blogs b WHERE b.id > $1 AND b.author_id = $2 LIMIT $3")
        #expect(sql.parameters == [.int(10), .int(3), .int(21)])
    }

    @Test func optionals_AreNull_AndArraysAreArrays() {
        let none: String? = nil
        let sql: SQL = "SELECT \(none), \([Int64(1), 2]), \(["a"]), \([UInt8(0xFF)])"
        #expect(sql.parameters == [nil, .intArray([1, 2]), .textArray(["a"]), .bytes([0xFF])])
    }

    @Test func literal_IsText_NotAParameter() {
        let sql: SQL = "SELECT id FROM blogs WHERE id < \(Int64(9)) LIMIT \(SQL.literal(21))"
        #expect(sql.text == "SELECT id FROM blogs WHERE id < $1 LIMIT 21")
        #expect(sql.parameters == [.int(9)])
        #expect(SQL.literal(-3).text == "-3")
    }

    @Test func join_SeparatesFragments() {
        let sql = SQL.join(["a = \(1)", "b = \(2)"], separator: " AND ")
        #expect(sql.text == "a = $1 AND b = $2")
    }

    @Test func identifier_IsQuoted_WithInnerQuotesDoubled() {
        #expect(SQL.identifier("t_1").text == "\"t_1\"")
        #expect(SQL.identifier("a\"; DROP TABLE x; --").text == "\"a\"\"; DROP TABLE x; --\"")
    }
}

@Suite(.enabled(if: TestDatabase.isAvailable, "set AGORA_TEST_DATABASE_URL to run against PostgreSQL"))
struct SQLDatabaseTests {
    struct Item: PostgresRecord {
        static let columns: SQL = "1::bigint AS id, 'first' AS title, NULL::timestamptz AS seen"
        let id: Int64
        let title: String
        let seen: Timestamp?
        init(row: PostgresRow) throws(PostgresError) {
            id = try row.value("id")
            title = try row.value("title")
            seen = try row.value("seen")
        }
    }

    @Test func hostileText_IsAValue_NeverSQL() throws {
        let db = try TestDatabase.connect()
        let hostile = "'; SELECT pg_sleep(10); --"
        let row = try #require(try db.query("SELECT \(hostile)::text AS value").first)
        #expect(try row.value("value", as: String.self) == hostile)
    }

    @Test func decode_ReadsATypedTuple_AndRefusesTheWrongWidth() throws {
        let db = try TestDatabase.connect()
        let row = try #require(try db.query("SELECT \(Int64(5)), \("five"), NULL::text").first)
        let (number, text, missing) = try row.decode((Int64, String, String?).self)
        #expect(number == 5 && text == "five" && missing == nil)
        #expect(throws: PostgresError.self) { _ = try row.decode((Int64, String).self) }
        #expect(throws: PostgresError.self) { _ = try row.decode((String, String, String).self) }
    }

    @Test func record_DecodesItsOwnSelectList_ByName() throws {
        let db = try TestDatabase.connect()
        let items = try db.query("SELECT \(Item.columns)", as: Item.self)
        #expect(items.count == 1)
        #expect(items.first?.title == "first")
        #expect(items.first?.seen == nil)
        #expect(throws: PostgresError.self) { _ = try db.query("SELECT 1 AS id", as: Item.self) }
    }
}

struct SQLNumberingTests {
    @Test func text_NumbersPastNineAndPastNinetyNine() {
        var sql: SQL = "SELECT"
        for value in 1...120 { sql.append(" \(Int64(value)),") }
        #expect(sql.text.hasPrefix("SELECT $1, $2,"))
        #expect(sql.text.contains(" $10, $11,"))
        #expect(sql.text.hasSuffix(" $119, $120,"))
        #expect(sql.parameters.count == 120)
    }
}

/// The statement cache hashes a sample of each template: templates that differ only between
/// samples must still be told apart, and equal ones must always meet.
struct StatementKeyTests {
    @Test func keys_DifferingOutsideTheSample_StayDistinct() {
        let base = Array(repeating: UInt8(ascii: "a"), count: 300)
        var cache: [StatementKey: Int] = [:]
        for position in 0..<base.count {
            var bytes = base
            bytes[position] = UInt8(ascii: "b")
            cache[StatementKey(String(decoding: bytes, as: UTF8.self))] = position
        }
        cache[StatementKey(String(decoding: base, as: UTF8.self))] = -1
        #expect(cache.count == 301)
        for position in [0, 7, 8, 31, 32, 150, 291, 292, 299] {
            var bytes = base
            bytes[position] = UInt8(ascii: "b")
            #expect(cache[StatementKey(String(decoding: bytes, as: UTF8.self))] == position)
        }
    }

    @Test func equalTemplates_HashAlike_WhateverTheirLength() {
        for length in [0, 1, 7, 8, 9, 31, 32, 33, 64, 700] {
            let text = String((0..<length).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) })
            let copy = String(decoding: Array(text.utf8), as: UTF8.self)
            #expect(StatementKey(text) == StatementKey(copy) && StatementKey(text).hashValue == StatementKey(copy).hashValue)
        }
        #expect(StatementKey("SELECT 1") != StatementKey("SELECT 2"))
    }
}

extension StatementKeyTests {
    /// Canonically equivalent texts are different statements to PostgreSQL: different keys.
    @Test func keys_CompareBytes_NotCanonicalEquivalence() {
        let composed = StatementKey("SELECT 'é'"), decomposed = StatementKey("SELECT 'e\u{301}'")
        #expect(composed != decomposed)
        var cache: [StatementKey: Int] = [composed: 1]
        cache[decomposed] = 2
        #expect(cache.count == 2 && cache[composed] == 1 && cache[decomposed] == 2)
    }
}
