public import AgoraCore
public import AgoraPostgres
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// One function: its route table and the per-process services. `respond(to:)` is the whole
/// request pipeline, shared by every transport; it never throws and never ends the process.
public final class FunctionApp {
    public let name: String
    public let router: Router<Context>
    public let config: Config
    public let database: PostgresConnection
    let services: Services
    let logger: Logger
    let idempotency = IdempotencyState()

    public convenience init(name: String, router: Router<Context>, config: Config) {
        self.init(name: name, router: router, config: config, logHandler: nil)
    }

    /// - Parameter logHandler: where log events go instead of the bootstrapped handler (tests).
    init(name: String, router: Router<Context>, config: Config, logHandler: (@Sendable (String) -> any LogHandler)?) {
        self.name = name
        self.router = router
        self.config = config
        // `agora-blogs` in pg_stat_activity; a traced request's statements add its trace id.
        self.database = PostgresConnection(url: config.databaseURL, applicationName: "agora-\(name)")
        self.services = Services(config: config)
        var logger = logHandler.map { Logger(label: "agora-\(name)", factory: $0) } ?? Logger(label: "agora-\(name)")
        logger[metadataKey: "function"] = .string(name)
        logger[metadataKey: "pid"] = .stringConvertible(getpid())
        self.logger = logger
    }

    /// Routes, authenticates, runs the handler and renders any error as the envelope, in the
    /// order of checks the OpenAPI description states: 405, then authentication, then a creating POST's
    /// `Idempotency-Key` (400, 409, 422 or its kept answer: see `IdempotentRequest`), then the handler's 404/403/400/409.
    public func respond(to incoming: Request) -> Response {
        respond(to: incoming, match: router.match(method: incoming.method, path: incoming.path))
    }

    /// The same, with the route already matched (the worker matches once, for its status line).
    func respond(to incoming: Request, match: RouteMatch<Context>) -> Response {
        var request = incoming
        let trace = request.startTrace()
        label(database, for: trace)
        defer { database.requestApplicationName = nil }
        var response: Response
        do {
            response = try dispatch(&request, match: match)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status >= 500 {
                logger.error("request failed", metadata: [
                    "request_id": .string(request.requestID), "trace_id": .string(trace.traceID),
                    "route": .string(request.route), "error": .string(String(describing: error)),
                ])
            }
            response = .error(apiError, requestID: request.requestID)
        }
        response.identify(request)
        return response
    }

    /// Lets a slow statement in `pg_stat_activity` lead back to its request: a request that
    /// carried a valid `traceparent` runs its statements as `agora-<function> <trace-id>` (at
    /// most 50 of the 63 bytes PostgreSQL keeps). Only such requests: the name is set in the
    /// round trip of the request's first statement, and put back in that of the next untraced
    /// request's first one, so that requests that never asked for tracing pay nothing.
    func label(_ database: PostgresConnection, for trace: TraceContext) {
        database.requestApplicationName = trace.isContinued ? "agora-\(name) \(trace.traceID)" : nil
    }

    /// An upload's gate, which nginx asks before it reads the body (`AGORA_AUTH_ONLY`), only for
    /// the methods of routes that need a caller: 401 when the request has no valid one, else 204
    /// (also when the gate cannot tell, a database outage say: the request then goes on, and the
    /// pipeline decides as for any other). It does not route: nginx chose the location by the
    /// normalised path, which may differ from the raw one (`//api/videos/`).
    func gate(_ incoming: Request) -> Response {
        var request = incoming
        label(database, for: request.startTrace())
        defer { database.requestApplicationName = nil }
        var response = Response.noContent
        do {
            _ = try authenticate(request, requirement: .required)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status == 401 { response = .error(apiError, requestID: request.requestID) }
        }
        response.identify(request)
        return response
    }

    func dispatch(_ request: inout Request, match: RouteMatch<Context>) throws -> Response {
        switch match {
        case .notFound:
            throw APIError.notFound
        case .methodNotAllowed(let allow):
            throw APIError.methodNotAllowed(allow: allow)
        case .found(let route, let parameters):
            request.route = route.template
            request.pathParameters = parameters
            // Only an upload route takes its body from a file nginx wrote (and checks the path).
            if request.bodyFilePath != nil && !route.bodyInFile {
                throw APIError.badRequest("This route takes no request-body file.")
            }
            let (caller, account) = try authenticate(request, requirement: route.auth)
            let context = Context(caller: caller, account: account, db: database, config: config, workerLogger: logger,
                                  requestID: request.requestID, traceID: request.trace?.traceID, services: services)
            if creates(route), let key = try IdempotentRequest.key(of: request) {
                return try respondIdempotently(route, request, context, key: key)
            }
            return try route.handler(request, context)
        }
    }

    /// A token, when sent, must be valid even on public routes; a missing one fails only
    /// routes that require a caller.
    func authenticate(_ request: Request, requirement: AuthRequirement) throws -> (Caller?, CallerAccount?) {
        guard let token = request.bearerToken else {
            if requirement == .required { throw APIError.notAuthenticated }
            return (nil, nil)
        }
        guard !token.isEmpty else { throw APIError.tokenInvalid() }
        let claims = try services.tokens.verify(token, expecting: .access)
        return try SessionCheck.caller(for: claims, in: database)
    }
}
