internal import CLibPQ
#if canImport(Glibc)
internal import Glibc
#endif

extension PostgresConnection {
    /// Runs one statement, its interpolated values sent as bind parameters, and returns its rows.
    /// The statement is prepared once per session and reused.
    public func query(_ statement: SQL) throws(PostgresError) -> PostgresRows {
        // The template (parameters as markers, always in the same order) is the cache key: the
        // `$n` text is rendered only when the statement is prepared.
        try run(key: statement.template, text: { statement.text }, statement.parameters)
    }

    /// Runs one statement and decodes every row as `Record`.
    public func query<Record: PostgresRecord>(_ statement: SQL, as record: Record.Type) throws(PostgresError) -> [Record] {
        let rows = try query(statement)
        var records: [Record] = []
        records.reserveCapacity(rows.count)
        for row in rows { records.append(try Record(row: row)) }
        return records
    }

    /// Runs one statement and returns the number of rows it affected.
    @discardableResult
    public func execute(_ statement: SQL) throws(PostgresError) -> Int {
        try query(statement).affectedRows
    }

    /// Runs text with `$n` placeholders (the layer under `SQL`; tests of this module use it).
    @discardableResult
    func execute(text sql: String, _ parameters: [PostgresValue?] = []) throws(PostgresError) -> Int {
        try query(text: sql, parameters).affectedRows
    }

    func query(text sql: String, _ parameters: [PostgresValue?] = []) throws(PostgresError) -> PostgresRows {
        try run(key: sql, text: { sql }, parameters)
    }

    /// Runs a statement cached under `key`, preparing `text()` on a miss.
    private func run(key sql: String, text: () -> String, _ parameters: [PostgresValue?]) throws(PostgresError) -> PostgresRows {
        var values = CStringList()
        for parameter in parameters { try values.append(parameter) }
        let connection = try liveConnection()
        let wasIdle = PQtransactionStatus(connection) == PQTRANS_IDLE
        let statement = try prepare(sql, text: text, on: connection)
        do {
            return try executePrepared(statement, values, on: connection)
        } catch where error.sqlState == "0A000" && !statement.name.isEmpty {
            // "cached plan must not change result type": a migration changed a table under a
            // statement this session prepared. Forget it; outside a transaction nothing was done,
            // so preparing again and retrying once is safe.
            forget(sql, named: statement.name)
            guard wasIdle, let connection = handle else { throw error }
            let statement = try prepare(sql, text: text, on: connection)
            return try executePrepared(statement, values, on: connection)
        }
    }

    /// Runs trusted SQL text as is, without parameters and possibly several statements
    /// (migrations, `BEGIN`): never build it from request values.
    public func execute(unsafeSQL sql: String) throws(PostgresError) {
        _ = try simpleQuery(sql)
    }

    /// PQexec: the simple protocol, which accepts several statements and returns the last result.
    func simpleQuery(_ sql: String) throws(PostgresError) -> PostgresRows {
        let connection = try liveConnection()
        if needsApplicationName {
            // A transaction's BEGIN (often a request's first statement) takes the name along in
            // its round trip; other text may hold several statements, which only the simple
            // protocol (never pipelined) carries: the name then costs a round trip of its own.
            if sql == "BEGIN" {
                let result = withApplicationName(on: connection, send: { PQsendQueryParams($0, sql, 0, nil, nil, nil, nil, 0) },
                                                 otherwise: { PQexec(connection, sql) })
                return try check(result, on: connection)
            }
            try applyApplicationName(on: connection)
        }
        return try check(PQexec(connection, sql), on: connection)
    }

    private func prepare(
        _ sql: String, text: () -> String, on connection: OpaquePointer
    ) throws(PostgresError) -> PreparedStatement {
        let key = StatementKey(sql)
        if let statement = statements[key] { return statement }
        let name = statements.count < PostgresConnection.statementCacheLimit ? "s\(nextStatementNumber)" : ""
        _ = try check(PQprepare(connection, name, text(), 0, nil), on: connection)
        let statement = PreparedStatement(name: name)
        if !name.isEmpty {
            statements[key] = statement
            nextStatementNumber += 1
        }
        return statement
    }

    /// Runs `statement`; its rows share the statement's column layout, which the first result
    /// with columns sets.
    private func executePrepared(
        _ statement: PreparedStatement, _ values: CStringList, on connection: OpaquePointer
    ) throws(PostgresError) -> PostgresRows {
        let result = values.withPointers { pointers in
            withApplicationName(
                on: connection, send: { PQsendQueryPrepared($0, statement.name, Int32(values.count), pointers, nil, nil, 0) },
                otherwise: { PQexecPrepared(connection, statement.name, Int32(values.count), pointers, nil, nil, 0) })
        }
        let rows = try check(result, on: connection, layout: statement.layout)
        if statement.layout == nil, !rows.layout.names.isEmpty { statement.layout = rows.layout }
        return rows
    }

    private func forget(_ sql: String, named statement: String) {
        statements[StatementKey(sql)] = nil
        guard let handle, PQtransactionStatus(handle) == PQTRANS_IDLE else { return }
        // Our own generated name, not user text.
        if let result = PQexec(handle, "DEALLOCATE \(statement)") { PQclear(result) }
    }

    /// Takes ownership of `result`: returns it as rows when it succeeded, otherwise frees it and
    /// throws, dropping the session when the failure is at the connection level.
    /// `layout`: the columns a previous result of the same prepared statement had, if known.
    func check(
        _ result: OpaquePointer?, on connection: OpaquePointer, layout: ColumnLayout? = nil
    ) throws(PostgresError) -> PostgresRows {
        guard let result else {
            let message = PostgresError.trimmed(PQerrorMessage(connection))
            reset()
            throw .connectionClosed(message.isEmpty ? "no result from the server" : message)
        }
        let status = PQresultStatus(result)
        if status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_EMPTY_QUERY {
            return PostgresRows(result: result, layout: layout)
        }
        var error = PostgresError(result: result)
        if status != PGRES_FATAL_ERROR && status != PGRES_NONFATAL_ERROR {
            error = PostgresError(code: .unexpectedResult, message: "unexpected result: \(String(cString: PQresStatus(status)))")
        }
        PQclear(result)
        let lost = PQstatus(connection) != CONNECTION_OK
        if lost || error.sqlState?.hasPrefix("08") == true {
            if lost && error.sqlState == nil { error.message = PostgresError.trimmed(PQerrorMessage(connection)) }
            reset()
            throw .connectionClosed(error.message, sqlState: error.sqlState)
        }
        if error.code == .unexpectedResult {
            // Leaves a COPY state, if any, by dropping the session rather than draining it.
            reset()
        }
        throw error
    }
}

/// A statement cache key: the statement's template, hashed by its length and one 8-byte word in
/// every 32 bytes (and its last word) rather than all of it. Templates run to hundreds of bytes,
/// and hashing all of them (SipHash) at every request cost more than libpq's whole send; two
/// templates that sample alike only share a bucket, and equality still compares every byte.
struct StatementKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    /// Byte for byte (String's `==` would call canonically equivalent texts equal, which hash apart).
    static func == (lhs: StatementKey, rhs: StatementKey) -> Bool {
        // memcmp over the contiguous bytes: comparing the UTF8Views element by element cost
        // some 34,000 instructions for a 600-byte template.
        var left = lhs.text, right = rhs.text
        return left.withUTF8 { a in
            right.withUTF8 { b in a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) }
        }
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        var sample: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(text.utf8.count)
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            func mix(_ word: UInt64) { sample = (sample ^ word) &* 0x0000_0100_0000_01b3 }
            var offset = 0
            while offset + 8 <= bytes.count {
                mix(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 32
            }
            if bytes.count >= 8 { mix(raw.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)) }
            else { for byte in bytes { mix(UInt64(byte)) } }
        }
        hasher.combine(sample)
    }
}
