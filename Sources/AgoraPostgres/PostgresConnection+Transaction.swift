internal import CLibPQ

extension PostgresConnection {
    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws (the
    /// original error is rethrown). Nested calls use a savepoint, so an inner failure that the
    /// outer body catches undoes only the inner work.
    ///
    /// - Throws: the body's error; a `PostgresError` from BEGIN/COMMIT; `.transactionRolledBack`
    ///   when the body swallowed a database error and COMMIT could only roll back;
    ///   `.connectionClosed` when the session was lost (the work is lost, never half-committed).
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if transactionDepth > 0 { return try savepoint(body) }
        try execute(unsafeSQL: "BEGIN")
        transactionDepth = 1
        transactionGeneration = generation
        defer {
            transactionDepth = 0
            // A name set inside the transaction is gone if it rolled back: set it again if needed.
            if applicationNameInTransaction {
                applicationNameInTransaction = false
                sessionApplicationName = nil
            }
        }
        let value: T
        do {
            value = try body()
        } catch {
            finish("ROLLBACK")
            throw error
        }
        let tag = try simpleQuery("COMMIT").commandTag
        guard tag == "COMMIT" else {
            throw PostgresError(
                code: .transactionRolledBack, sqlState: "25P02",
                message: "COMMIT rolled back: a statement of the transaction failed and the error was caught")
        }
        return value
    }

    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        let name = "agora_savepoint_\(transactionDepth)"
        try execute(unsafeSQL: "SAVEPOINT \(name)")
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            let value = try body()
            try execute(unsafeSQL: "RELEASE SAVEPOINT \(name)")
            return value
        } catch {
            finish("ROLLBACK TO SAVEPOINT \(name); RELEASE SAVEPOINT \(name)")
            throw error
        }
    }

    /// Ends a failed transaction or savepoint on the session it began on, if that still exists;
    /// when even that fails, drops the session so that nothing half-done survives.
    private func finish(_ sql: String) {
        guard let handle, transactionGeneration == generation else { return }
        guard let result = PQexec(handle, sql) else { return reset() }
        let status = PQresultStatus(result)
        PQclear(result)
        if status != PGRES_COMMAND_OK || PQstatus(handle) != CONNECTION_OK { reset() }
    }
}

extension PostgresConnection {
    /// Runs `body` again (up to `attempts` times in all) when PostgreSQL chose it as the victim of
    /// a deadlock or a serialization failure, which rolled its statement back: two statements
    /// that lock the same rows in different orders (a chat deleted while a message is sent to it)
    /// each succeed on their own. Only outside a transaction, whose earlier work would be lost.
    @discardableResult
    public func retryingConflicts<T>(attempts: Int = 3, _ body: () throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try body()
            } catch let error as PostgresError
                where (error.sqlState == "40P01" || error.sqlState == "40001") && transactionDepth == 0 && attempt < attempts {
                attempt += 1
            }
        }
    }
}

extension PostgresError {
    /// A foreign key named a row that is not there (any more): 23503.
    public var isMissingReference: Bool { sqlState == "23503" }
}
