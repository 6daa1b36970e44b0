public import AgoraCore
public import AgoraRuntime

/// The `health` function: `GET /api/health/` answers 200 when PostgreSQL answers, else the 503
/// envelope with `Retry-After` (the database error maps itself; the worker stays up and
/// recovers with the database).
public enum HealthFunction: FunctionDefinition {
    public static let name = "health"
    public static let summary = "Health of the service and its database."
    public static let schemas: [String: JSON] = [
        "Health": Schema.object([("status", ["const": "ok"]), ("database", ["const": "ok"])],
                                example: ["status": "ok", "database": "ok"]),
    ]

    public static func routes(_ router: inout Router<Context>) {
        router.get("/api/health/", OperationDoc(
            "health_retrieve", "Health of the service and its database",
            description: "200 when PostgreSQL answers; 503 `service_unavailable` (with `Retry-After`) when it cannot be "
                + "reached. For load balancers and uptime checks: needs no token.",
            responses: [.json(200, "The service and its database are up.", Schema.ref("Health"),
                              example: ["status": "ok", "database": "ok"])])
        ) { _, context in
            _ = try context.db.query("SELECT 1")
            return .json(["status": "ok", "database": "ok"])
        }
    }
}
