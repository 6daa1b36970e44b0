"""The `health` function: `/api/health/` (API.md section 11)."""
from .common import OPTIONAL, json_response, operation, strict_object

TAG = {"name": "health", "description": "Health of the service and its database."}

SCHEMAS = {
    "Health": strict_object(
        {"status": {"const": "ok"}, "database": {"const": "ok"}},
        examples=[{"status": "ok", "database": "ok"}],
    ),
}

OPERATIONS = {
    ("GET", "/api/health/"): operation(
        operation_id="health_retrieve",
        summary="Health of the service and its database",
        description="200 when PostgreSQL answers; 503 `service_unavailable` (with `Retry-After`) when it "
                    "cannot be reached. For load balancers and uptime checks: needs no token.",
        tag="health",
        auth=OPTIONAL,
        responses={200: json_response("The service and its database are up.", {"$ref": "#/components/schemas/Health"},
                                      {"status": "ok", "database": "ok"})},
    ),
}
