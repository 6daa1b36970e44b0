import AgoraCore
import Testing
@testable import AgoraPostgres

struct PostgresErrorTests {
    @Test(arguments: [
        ("23505", 409, "conflict"),
        ("23503", 400, "validation_failed"),
        ("23514", 400, "validation_failed"),
        ("22P02", 400, "validation_failed"),
        ("22003", 400, "validation_failed"),
        ("22001", 400, "validation_failed"),
        ("40001", 503, "service_unavailable"),
        ("40P01", 503, "service_unavailable"),
        ("08006", 503, "service_unavailable"),
        ("57P01", 503, "service_unavailable"),
        ("57P03", 503, "service_unavailable"),
        ("42P01", 500, "internal_error"),
        ("42601", 500, "internal_error"),
        ("23502", 500, "internal_error"),
    ])
    func apiError_MapsSQLState(sqlState: String, status: Int, code: String) {
        let error = PostgresError(code: .server, sqlState: sqlState, message: "server said so")
        #expect(error.apiError.status == status)
        #expect(error.apiError.code == code)
        #expect(!error.apiError.message.contains("server said so"))
    }

    @Test func apiError_IsRetryableWithRetryAfter_WhenTransient() {
        let deadlock = PostgresError(code: .server, sqlState: "40P01", message: "deadlock detected")
        #expect(deadlock.apiError.headers.first { $0.0 == "Retry-After" }?.1 == "1")
        for code in [PostgresError.Code.connectionFailed, .connectionClosed] {
            let error = PostgresError(code: code, message: "down")
            #expect(error.apiError == .serviceUnavailable(retryAfter: 2))
        }
    }

    @Test func apiError_IsInternal_WhenDecodingOrMigrationFails() {
        #expect(PostgresError(code: .decoding, message: "x").apiError == .internalError)
        #expect(PostgresError(code: .migration, message: "x").apiError == .internalError)
        #expect(PostgresError(code: .transactionRolledBack, sqlState: "25P02", message: "x").apiError == .internalError)
    }

    @Test func description_HasCodeStateAndConstraint_ButNotDetail() {
        let error = PostgresError(
            code: .server, sqlState: "23505", message: "duplicate key value violates unique constraint \"users_email_key\"",
            detail: "Key (email)=(someone@example.com) already exists.", constraint: "users_email_key")
        #expect(error.description.contains("23505"))
        #expect(error.description.contains("users_email_key"))
        #expect(!error.description.contains("someone@example.com"))
        #expect(error.isUniqueViolation)
    }
}
