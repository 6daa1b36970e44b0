public import AgoraCore
public import AgoraRuntime

/// `GET /api/health/`: 200 when PostgreSQL answers, else the 503 envelope with `Retry-After`
/// (the database error maps itself; the worker stays up and recovers with the database).
public enum HealthRoutes {
    public static func register(_ router: inout Router<Context>) {
        router.get("/api/health/") { _, context in
            _ = try context.db.query("SELECT 1", [])
            return .json(["status": "ok", "database": "ok"])
        }
    }
}
