internal import CLibPQ
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// One libpq connection, owned by one worker: opened on first use, dropped after a
/// connection-level failure and re-opened by the next call. Not thread-safe (a FastCGI worker
/// handles one request at a time).
public final class PostgresConnection {
    /// Never logged or put in an error: it may hold a password.
    private let url: String
    /// Set when `url` is not a connection string; libpq's parse error could echo the password.
    private let urlIsInvalid: Bool
    /// The URL's own `options`, followed by ours.
    private let startupOptions: String
    var handle: OpaquePointer?
    let notices = NoticeState()

    /// SQL text (or template) → the statement prepared for it on the current session.
    var statements: [StatementKey: PreparedStatement] = [:]
    var nextStatementNumber = 1
    /// Beyond this many, statements run unnamed rather than growing the session without bound.
    static let statementCacheLimit = 500

    /// Incremented on every reset; a transaction remembers the one it began in.
    var generation = 0
    var transactionDepth = 0
    var transactionGeneration = 0

    /// The session's `application_name` from its start (`agora-blogs`).
    public let applicationName: String
    /// The `application_name` the following statements run under instead (a traced request's:
    /// `agora-blogs <trace-id>`); nil for the session's own. Applied lazily, in the round trip
    /// of the next statement (see `PostgresConnection+ApplicationName.swift`).
    public var requestApplicationName: String?
    /// The name the server has for this session as far as we know; nil when unknown (no session,
    /// or set inside a transaction, which a ROLLBACK would undo).
    var sessionApplicationName: String?
    /// Set when the name was changed inside a transaction block: its end makes it unknown.
    var applicationNameInTransaction = false

    /// Prepares a connection to `url` (`postgresql://user@host:port/db?...`); nothing is opened yet.
    /// - Parameter applicationName: what `pg_stat_activity` shows for the session (at most 63 bytes).
    public init(url: String, applicationName: String = "agora") {
        self.url = url
        self.applicationName = applicationName
        var message: UnsafeMutablePointer<CChar>?
        let options = PQconninfoParse(url, &message)
        if let message { PQfreemem(message) }
        var urlOptions = ""
        if var option = options {
            while let keyword = option.pointee.keyword {
                if String(cString: keyword) == "options", let value = option.pointee.val {
                    urlOptions = String(cString: value)
                }
                option += 1
            }
            PQconninfoFree(options)
        }
        urlIsInvalid = options == nil
        // Timestamps are decoded as UTC and bytea as hex, whatever the server's defaults say.
        startupOptions = (urlOptions.isEmpty ? "" : urlOptions + " ") + "-c TimeZone=UTC -c bytea_output=hex"
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// True while a session is open (it may still turn out broken on the next call).
    public var isConnected: Bool { handle != nil }

    /// The server process id of the open session, if any.
    public var backendPID: Int? { handle.map { Int(PQbackendPID($0)) } }

    /// Opens the session now rather than on the first query (start-up checks, health).
    public func connect() throws(PostgresError) {
        _ = try liveConnection()
    }

    /// Closes the session; the next call opens a new one.
    public func close() {
        reset()
    }

    /// Drops the session and everything tied to it (prepared statements).
    func reset() {
        if let handle { PQfinish(handle) }
        handle = nil
        statements.removeAll()
        nextStatementNumber = 1
        notices.fatalSeen = false
        sessionApplicationName = nil
        applicationNameInTransaction = false
        generation += 1
    }

    /// The open session, after checking that the server has not closed it meanwhile. A session
    /// found dead before anything was sent is replaced transparently, unless a transaction was
    /// open on it (its work is lost, so the caller must hear about it).
    func liveConnection() throws(PostgresError) -> OpaquePointer {
        if transactionDepth > 0, transactionGeneration != generation {
            throw .connectionClosed("the connection was lost during the transaction")
        }
        if let handle {
            let wasIdle = PQtransactionStatus(handle) == PQTRANS_IDLE && transactionDepth == 0
            if !isBroken(handle) { return handle }
            reset()
            if !wasIdle { throw .connectionClosed("the connection was lost during the transaction") }
        }
        return try open()
    }

    private func open() throws(PostgresError) -> OpaquePointer {
        guard !urlIsInvalid else {
            throw PostgresError(code: .connectionFailed, message: "the database URL is not a valid connection string")
        }
        // Entries before dbname are defaults the URL may override; entries after it win.
        var keywords = CStringList()
        var values = CStringList()
        for (keyword, value) in [
            ("connect_timeout", "5"), ("dbname", url),
            ("client_encoding", "UTF8"), ("options", startupOptions), ("application_name", applicationName),
        ] {
            keywords.append(keyword)
            values.append(value)
        }
        keywords.appendNull()
        values.appendNull()
        let connection = keywords.withPointers { keywordPointers in
            values.withPointers { valuePointers in PQconnectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let connection else {
            throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        handle = connection
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = PostgresError.trimmed(PQerrorMessage(connection))
            reset()
            throw PostgresError(code: .connectionFailed, sqlState: "08001", message: message)
        }
        notices.install(on: connection)
        sessionApplicationName = applicationName
        return connection
    }

    /// Whether the server has closed the session while it sat idle: reads whatever arrived
    /// without blocking (a FATAL notice, end of file) and lets libpq judge it.
    private func isBroken(_ connection: OpaquePointer) -> Bool {
        guard PQstatus(connection) == CONNECTION_OK, !notices.fatalSeen else { return true }
        var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        for _ in 0..<8 {
            guard poll(&descriptor, 1, 0) > 0 else { break }
            if PQconsumeInput(connection) == 0 { return true }
            _ = PQisBusy(connection)  // parses the input: a FATAL reaches the notice receiver
            while let notification = PQnotifies(connection) { PQfreemem(notification) }
            if notices.fatalSeen || PQstatus(connection) != CONNECTION_OK { return true }
        }
        return false
    }
}

/// A statement prepared on the session, and the layout of its result columns once one result
/// has shown it (the same for every execution: see `ColumnLayout`).
final class PreparedStatement {
    /// The server-side name; empty for the unnamed statement (beyond the cache's limit).
    let name: String
    var layout: ColumnLayout?

    init(name: String) {
        self.name = name
    }
}
