internal import CLibPQ

/// A database failure: the server's SQLSTATE and message (for logs), mapped to a client-safe
/// `APIError` by `apiError`.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What failed, independent of the server's SQLSTATE.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String

        /// The server could not be reached or refused the connection.
        public static let connectionFailed = Code(name: "connectionFailed")
        /// The connection broke during a call (server restart, terminated backend, network).
        public static let connectionClosed = Code(name: "connectionClosed")
        /// The server reported an error; `sqlState` says which.
        public static let server = Code(name: "server")
        /// A column did not hold what the caller asked for (a bug in the caller's SQL or code).
        public static let decoding = Code(name: "decoding")
        /// A parameter cannot be sent (a text containing NUL).
        public static let invalidParameter = Code(name: "invalidParameter")
        /// COMMIT found the transaction already aborted by an error the body swallowed.
        public static let transactionRolledBack = Code(name: "transactionRolledBack")
        /// A migration file is misnamed, duplicated, unreadable, or failed to apply.
        public static let migration = Code(name: "migration")
        /// The server answered with a result of an unexpected kind (COPY, empty query).
        public static let unexpectedResult = Code(name: "unexpectedResult")

        /// The code's name; carries nothing from the server.
        public var description: String { name }
    }

    /// What failed.
    public let code: Code
    /// The five-character SQLSTATE (`23505`), when the server or libpq gave one.
    public let sqlState: String?
    /// The server's or libpq's message, for logs only: never sent to clients.
    public internal(set) var message: String
    /// The server's DETAIL, which may quote row values: for logs at debug level only.
    public let detail: String?
    /// The violated constraint (PG_DIAG_CONSTRAINT_NAME), for mapping conflicts to fields.
    public let constraint: String?
    /// The table of the violated constraint, when the server names it.
    public let table: String?
    /// The column of a not-null violation, when the server names it.
    public let column: String?

    /// Creates an error; the server-derived fields are normally filled from a result.
    public init(
        code: Code, sqlState: String? = nil, message: String, detail: String? = nil,
        constraint: String? = nil, table: String? = nil, column: String? = nil
    ) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.constraint = constraint
        self.table = table
        self.column = column
    }

    /// Code, SQLSTATE, constraint and message; never the DETAIL (row values) nor the URL.
    public var description: String {
        var text = "PostgresError(\(code)"
        if let sqlState { text += ", sqlState: \(sqlState)" }
        if let constraint { text += ", constraint: \(constraint)" }
        return text + "): " + message
    }

    /// True for 23505: a row with these unique values already exists.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// True for 23503: a referenced row does not exist (or is still referenced).
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
}

extension PostgresError {
    /// Reads the diagnostic fields of a failed result.
    init(result: OpaquePointer, code: Code = .server) {
        func field(_ letter: Character) -> String? {
            guard let ascii = letter.asciiValue, let value = PQresultErrorField(result, Int32(ascii)) else {
                return nil
            }
            return String(cString: value)
        }
        let primary = field("M") ?? PostgresError.trimmed(PQresultErrorMessage(result))
        self.init(
            code: code, sqlState: field("C"), message: primary.isEmpty ? "unknown server error" : primary,
            detail: field("D"), constraint: field("n"), table: field("t"), column: field("c"))
    }

    /// A libpq message (PQerrorMessage and friends) on one line, for one-line JSON logs.
    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        return String(cString: message).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @usableFromInline
    static func decoding(_ message: String) -> PostgresError {
        PostgresError(code: .decoding, message: message)
    }

    static func connectionClosed(_ message: String, sqlState: String? = nil) -> PostgresError {
        PostgresError(code: .connectionClosed, sqlState: sqlState, message: message)
    }
}
