internal import CLibPQ

/// `application_name` per request without a round trip of its own.
///
/// The session starts as `applicationName` (a connection parameter). When the name wanted for
/// the next statement (`requestApplicationName`, else the session's own) differs from the one the
/// session has, the statement goes in libpq's pipeline mode behind
/// `SELECT set_config('application_name', $1, false)`: both leave in one write and their results
/// come back together, so the change costs no extra round trip. A Sync between them makes
/// `set_config` its own implicit transaction outside a transaction block: it stays even when
/// the statement fails. When the names agree (every request that carried no `traceparent`, on
/// a session no traced request has used since) nothing is added at all.
extension PostgresConnection {
    static let setApplicationName = "SELECT pg_catalog.set_config('application_name', $1, false)"

    /// The name the next statement should run under.
    var wantedApplicationName: String { requestApplicationName ?? applicationName }

    var needsApplicationName: Bool { sessionApplicationName != wantedApplicationName }

    /// The result of one statement: `otherwise()` (a blocking PQexec*) when the session already
    /// has the wanted name, else `send` (the same statement as a PQsend* call) pipelined behind
    /// `set_config`. Nil when the pipeline went wrong; `check` then drops the session.
    func withApplicationName(
        on connection: OpaquePointer, send: (OpaquePointer) -> Int32, otherwise: () -> OpaquePointer?
    ) -> OpaquePointer? {
        guard needsApplicationName else { return otherwise() }
        let name = wantedApplicationName
        let inTransaction = PQtransactionStatus(connection) != PQTRANS_IDLE
        guard PQenterPipelineMode(connection) == 1 else { return nil }
        let sent = name.withCString { value in
            var values: [UnsafePointer<CChar>?] = [value]
            return PQsendQueryParams(connection, PostgresConnection.setApplicationName, 1, nil, &values, nil, nil, 0) == 1
        } && PQpipelineSync(connection) == 1 && send(connection) == 1 && PQpipelineSync(connection) == 1
        guard sent else { return nil }

        // set_config: its result, the end of its results, its Sync.
        guard let setResult = PQgetResult(connection) else { return nil }
        let applied = PQresultStatus(setResult) == PGRES_TUPLES_OK
        PQclear(setResult)
        guard PostgresConnection.endOfResults(connection), PostgresConnection.sync(connection) else { return nil }
        sessionApplicationName = applied ? name : nil
        if applied && inTransaction { applicationNameInTransaction = true }

        // The statement: its result (an error included), the end of its results, its Sync.
        guard let result = PQgetResult(connection) else { return nil }
        guard PostgresConnection.endOfResults(connection), PostgresConnection.sync(connection),
              PQexitPipelineMode(connection) == 1
        else {
            // A lost connection: `check` reports the statement's error and drops the session.
            if PQstatus(connection) != CONNECTION_OK { return result }
            PQclear(result)
            return nil
        }
        return result
    }

    /// Sets the wanted name in a round trip of its own (before text that a pipeline cannot carry).
    func applyApplicationName(on connection: OpaquePointer) throws(PostgresError) {
        let name = wantedApplicationName
        let inTransaction = PQtransactionStatus(connection) != PQTRANS_IDLE
        let result = name.withCString { value in
            var values: [UnsafePointer<CChar>?] = [value]
            return PQexecParams(connection, PostgresConnection.setApplicationName, 1, nil, &values, nil, nil, 0)
        }
        _ = try check(result, on: connection)
        sessionApplicationName = name
        if inTransaction { applicationNameInTransaction = true }
    }

    /// True when the current query has no more results (PQgetResult's NULL).
    private static func endOfResults(_ connection: OpaquePointer) -> Bool {
        guard let extra = PQgetResult(connection) else { return true }
        PQclear(extra)
        return false
    }

    /// True when the next result is the pipeline's Sync.
    private static func sync(_ connection: OpaquePointer) -> Bool {
        guard let result = PQgetResult(connection) else { return false }
        defer { PQclear(result) }
        return PQresultStatus(result) == PGRES_PIPELINE_SYNC
    }
}
