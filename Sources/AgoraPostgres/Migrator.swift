import AgoraCore
/// Applies the numbered SQL files of a directory, each in its own transaction, and records
/// them in `schema_migrations` (found through the session's `search_path`). A session-level
/// advisory lock serialises concurrent migrators.
///
/// A file may hold several statements but no transaction control (`BEGIN`, `COMMIT`) and
/// nothing that refuses to run in a transaction (`CREATE INDEX CONCURRENTLY`).
public struct Migrator {
    /// The advisory lock key every migrator of this schema takes ("agora_mg").
    public static let advisoryLockKey: Int64 = 0x6167_6f72_615f_6d67

    /// The session the migrations run on.
    public let connection: PostgresConnection
    /// The folder of `NNNN_name.sql` files.
    public let directory: String

    /// A migrator for the files in `directory` (for the project, `db/migrations`).
    public init(connection: PostgresConnection, directory: String) {
        self.connection = connection
        self.directory = directory
    }

    /// Every migration file, in version order.
    /// - Throws: `.migration` for an unreadable folder, a misnamed `.sql` file or a duplicate version.
    public func migrations() throws(PostgresError) -> [Migration] {
        var found: [Int: Migration] = [:]
        let names: [String]
        do { names = try Posix.listDirectory(directory) } catch { throw PostgresError(code: .migration, message: error.description) }
        for fileName in names where fileName.hasSuffix(".sql") && !fileName.hasPrefix(".") {
            guard let migration = Migration(fileName: fileName, directory: directory) else {
                throw PostgresError(code: .migration, message: "\(fileName) is not named NNNN_name.sql")
            }
            if let other = found[migration.version] {
                throw PostgresError(
                    code: .migration, message: "\(other.fileName) and \(fileName) have the same version")
            }
            found[migration.version] = migration
        }
        return found.values.sorted { $0.version < $1.version }
    }

    /// The migrations not yet recorded, in the order `apply` would run them.
    public func pending() throws(PostgresError) -> [Migration] {
        let applied = try appliedVersions()
        return try migrations().filter { applied[$0.version] == nil }
    }

    /// Every migration file with the time it was applied (nil while pending).
    public func status() throws(PostgresError) -> [(Migration, appliedAt: Timestamp?)] {
        let applied = try appliedVersions()
        return try migrations().map { ($0, appliedAt: applied[$0.version]) }
    }

    /// Applies the pending migrations in version order and returns them; running it again
    /// applies nothing. Stops at the first failure, which is rolled back and not recorded.
    /// - Throws: the failing migration's `PostgresError`, its message prefixed by the file name.
    @discardableResult
    public func apply() throws(PostgresError) -> [Migration] {
        let all = try migrations()
        _ = try connection.query("SELECT pg_advisory_lock(\(Migrator.advisoryLockKey))")
        let session = connection.generation
        defer {
            // A lost session has released its lock already.
            if connection.generation == session {
                _ = try? connection.query("SELECT pg_advisory_unlock(\(Migrator.advisoryLockKey))")
            }
        }
        try connection.execute(unsafeSQL: """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        let applied = try appliedVersions()
        var done: [Migration] = []
        for migration in all where applied[migration.version] == nil {
            let sql = try migration.sql()
            do {
                try connection.transaction {
                    try connection.execute(unsafeSQL: sql)
                    try connection.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))")
                }
            } catch var error as PostgresError {
                error.message = "\(migration.fileName): \(error.message)"
                throw error
            } catch {
                throw PostgresError(code: .migration, message: "\(migration.fileName): \(error)")
            }
            done.append(migration)
        }
        return done
    }

    /// Recorded versions and when they were applied; empty before the table exists.
    private func appliedVersions() throws(PostgresError) -> [Int: Timestamp] {
        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL")
        guard let row = exists.first, try row.decode(Bool.self) else { return [:] }
        var applied: [Int: Timestamp] = [:]
        for row in try connection.query("SELECT version, applied_at FROM schema_migrations") {
            let (version, appliedAt) = try row.decode((Int, Timestamp).self)
            applied[version] = appliedAt
        }
        return applied
    }
}
