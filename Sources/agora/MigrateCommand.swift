import AgoraPostgres
import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// `agora migrate`: applies the pending numbered SQL migrations (each in a transaction, recorded
/// in `schema_migrations`); `--status` lists every migration and when it was applied.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending database migrations (MIGRATION_DATABASE_URL, else DATABASE_URL).",
        discussion: "Migrations change the schema: they run as the database's owner role, which the functions never "
            + "use. Set MIGRATION_DATABASE_URL to the owner's URL (DATABASE_URL stays the application role's).")

    @Option(help: "Folder of NNNN_name.sql files.") var dir = "db/migrations"
    @Flag(help: "Show what is applied and what is pending, change nothing.") var status = false

    func run() throws {
        let migrator = Migrator(connection: try databaseConnection(preferring: "MIGRATION_DATABASE_URL"), directory: dir)
        if status {
            for (migration, appliedAt) in try migrator.status() {
                print("\(migration.fileName)\t\(appliedAt?.rfc3339 ?? "pending")")
            }
            return
        }
        let applied = try migrator.apply()
        for migration in applied { print("applied \(migration.fileName)") }
        if applied.isEmpty { print("nothing to apply") }
    }
}

/// A connection from `DATABASE_URL` (or `preferring`, when set and not empty), or one clear line
/// naming what is missing.
func databaseConnection(preferring variable: String? = nil) throws -> PostgresConnection {
    if let variable, let pointer = getenv(variable), pointer.pointee != 0 {
        CommandFailure.databaseURLVariable = variable
        return PostgresConnection(url: String(cString: pointer))
    }
    guard let pointer = getenv("DATABASE_URL") else {
        throw ValidationError("missing required environment variable DATABASE_URL")
    }
    let url = String(cString: pointer)
    guard !url.isEmpty else { throw ValidationError("missing required environment variable DATABASE_URL") }
    return PostgresConnection(url: url)
}
