@testable import AgoraPostgres
#if canImport(Glibc)
import Glibc
#endif

/// The live database the integration suites use: the owner role's `AGORA_TEST_OWNER_DATABASE_URL`
/// (these tests make schemas and tables, as migrations do), else `AGORA_TEST_DATABASE_URL`, or
/// none (those suites are then disabled, the pure ones still run).
enum TestDatabase {
    static let url: String? = {
        for name in ["AGORA_TEST_OWNER_DATABASE_URL", "AGORA_TEST_DATABASE_URL"] {
            if let value = getenv(name), value.pointee != 0 { return String(cString: value) }
        }
        return nil
    }()

    static var isAvailable: Bool { url != nil }

    /// A fresh connection to the test database.
    static func connect() throws -> PostgresConnection {
        guard let url else { throw TestSkipped() }
        let connection = PostgresConnection(url: url)
        try connection.connect()
        return connection
    }

    /// A name no other test (nor a parallel run) uses: `prefix_<pid>_<random>`.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Terminates `victim`'s backend from another session and waits until it is gone.
    static func terminateBackend(of victim: PostgresConnection) throws {
        guard let pid = victim.backendPID else { throw TestSkipped() }
        let killer = try connect()
        _ = try killer.query(text: "SELECT pg_terminate_backend($1, 5000)", [.int(pid)])
    }

    struct TestSkipped: Error {}
}
