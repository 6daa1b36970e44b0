/// A statement and its bind parameters, written as a string literal with interpolations, as
/// postgres-nio's `PostgresQuery` is: every interpolated value becomes a bind parameter (`$n`),
/// so a value can never become SQL text. Text comes only from literals and from other `SQL`
/// values (vetted fragments such as a select list), interpolated as SQL.
///
/// ```swift
/// let rows = try db.query("SELECT id, title FROM blogs WHERE author_id = \(authorID) AND title = \(title)")
/// let columns: SQL = "b.id, b.title"
/// let one = try db.query("SELECT \(columns) FROM blogs b WHERE b.id = \(id)")  // a fragment, as text
/// ```
///
/// A `String` variable is never SQL: `db.query(text)` does not compile. Migrations, which are
/// trusted files, go through `execute(unsafeSQL:)`.
public struct SQL: Sendable, Equatable {
    /// The text, with `SQL.marker` where each parameter goes; numbered `$n` by `text`.
    var template: String
    /// One value per marker, in order; nil is SQL NULL.
    public private(set) var parameters: [PostgresValue?]

    /// NUL cannot appear in SQL text sent through libpq (a C string), so it marks a parameter.
    static let marker: Character = "\u{0}"

    init(template: String, parameters: [PostgresValue?]) {
        self.template = template
        self.parameters = parameters
    }

    /// The statement text with `$1`, `$2`, ... in place of the parameters (over UTF-8 bytes: the
    /// marker is one byte, and a Character-wise search would segment graphemes).
    public var text: String {
        guard !parameters.isEmpty else { return template }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(template.utf8.count + 3 * parameters.count)
        var number = 0
        for byte in template.utf8 {
            guard byte == 0 else {
                bytes.append(byte)
                continue
            }
            number += 1
            bytes.append(UInt8(ascii: "$"))
            bytes.append(contentsOf: String(number).utf8)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends another fragment, its parameters after this one's.
    public mutating func append(_ other: SQL) {
        template += other.template
        parameters += other.parameters
    }

    /// `self` followed by `other`.
    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        var result = lhs
        result.append(rhs)
        return result
    }

    /// Joins fragments with `separator` (`, `, ` AND `).
    public static func join(_ parts: [SQL], separator: SQL) -> SQL {
        var result = SQL(template: "", parameters: [])
        for (index, part) in parts.enumerated() {
            if index > 0 { result.append(separator) }
            result.append(part)
        }
        return result
    }

    /// A quoted identifier (`"name"`, inner quotes doubled): safe for any name, for code that
    /// chooses a table at run time (tests' unique temporary tables). NUL is dropped.
    public static func identifier(_ name: String) -> SQL {
        var quoted = "\""
        for character in name where character != "\u{0}" {
            quoted += character == "\"" ? "\"\"" : String(character)
        }
        return SQL(template: quoted + "\"", parameters: [])
    }

    /// An integer written into the statement's text instead of bound as a parameter, for a value
    /// the planner must know in a generic plan: a page's `LIMIT`. Bound, it is unknown to the
    /// generic plan, which then expects 10% of the rows and costs itself above the custom plans,
    /// so PostgreSQL re-plans the statement at every execution (measured: a user's course list
    /// with 1,000 enrollments spent ~1 ms per request planning). Every distinct value is another
    /// statement text (another prepared statement): keep it to a small set of values.
    public static func literal(_ value: Int) -> SQL {
        SQL(template: String(value), parameters: [])
    }

    /// Whether no text was written (an empty filter list, say).
    public var isEmpty: Bool { template.isEmpty }
}

extension SQL: ExpressibleByStringInterpolation {
    /// Text from a literal in the code.
    public init(stringLiteral value: String) {
        self.init(template: value, parameters: [])
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(template: stringInterpolation.template, parameters: stringInterpolation.parameters)
    }

    /// Builds a statement: literal parts are SQL text, interpolated values are parameters.
    public struct StringInterpolation: StringInterpolationProtocol {
        var template = ""
        var parameters: [PostgresValue?] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            // Room for fragments too (a select list, joins): growing the text copied it each time.
            template.reserveCapacity(literalCapacity + interpolationCount + 256)
            parameters.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            template += literal
        }

        /// A value, sent as a bind parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            template.append(SQL.marker)
            parameters.append(value.postgresValue)
        }

        /// An optional value: nil is SQL NULL.
        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            template.append(SQL.marker)
            parameters.append(value?.postgresValue)
        }

        /// A parameter value as it is.
        public mutating func appendInterpolation(_ value: PostgresValue?) {
            template.append(SQL.marker)
            parameters.append(value)
        }

        /// A vetted fragment (a select list, a join, a condition): its text is SQL, its values
        /// stay parameters.
        public mutating func appendInterpolation(_ fragment: SQL) {
            template += fragment.template
            parameters += fragment.parameters
        }
    }
}

extension SQL: CustomStringConvertible {
    /// The text with placeholders; never the values, which may be private.
    public var description: String { text }
}
