import AgoraCore
import Logging

/// Wraps the pipeline with what every transport shares: the runner's scoreboard (or, without
/// one, its status pipe) and the one JSON log line per request (function, method, route, status,
/// duration, request and trace ids).
final class Worker {
    let app: FunctionApp
    let status: StatusReporter
    let scoreboard: WorkerScoreboard?
    var started: UInt64 = 0
    var current: Request?

    init(app: FunctionApp, status: StatusReporter, scoreboard: WorkerScoreboard? = nil) {
        self.app = app
        self.status = status
        self.scoreboard = scoreboard
    }

    /// Accepting connections: the scoreboard shows it idle, and the pipe says so once.
    func ready() {
        scoreboard?.ready()
        status.ready()
    }

    func handle(_ incoming: Request) -> Response {
        var request = incoming
        let match = begin(&request)
        return app.respond(to: request, match: match)
    }

    /// An upload's gate: authentication only, before nginx reads the body.
    func gate(_ incoming: Request) -> Response {
        var request = incoming
        _ = begin(&request)
        return app.gate(request)
    }

    /// Answers without running the pipeline (a body over the limit, ...).
    func reject(request: inout Request, _ error: APIError) -> Response {
        _ = begin(&request)
        var response = Response.error(error, requestID: request.requestID)
        response.identify(request)
        return response
    }

    /// Starts the clock and the request's trace (which its log line and response carry) and
    /// tells the runner which route is busy; returns the route match so the pipeline does not
    /// route a second time.
    func begin(_ request: inout Request) -> RouteMatch<Context> {
        started = Clock.monotonicNanoseconds()
        _ = request.startTrace()
        current = request
        let match = app.router.match(method: request.method, path: request.path)
        var route = "-"
        var index: Int?
        if case .found(let found, _) = match {
            route = found.template
            index = found.index
        }
        current?.route = route
        if let scoreboard {
            scoreboard.begin(label: WorkerScoreboard.label(routeIndex: index), method: request.method, at: started)
        } else {
            status.busy(method: request.method, route: route)
        }
        return match
    }

    func finished(_ response: Response, aborted: Bool) {
        let now = Clock.monotonicNanoseconds()
        let elapsed = now - started
        let milliseconds = Double(elapsed / 1000) / 1000
        if let scoreboard {
            scoreboard.end(status: response.status, durationNanoseconds: elapsed, aborted: aborted, at: now)
        } else {
            status.idle(status: response.status, milliseconds: Int(milliseconds.rounded()))
        }
        guard let request = current else { return }
        current = nil
        // The line is info: below the configured level, its metadata is not even built.
        guard app.logger.logLevel <= .info else { return }
        var metadata: Logger.Metadata = [
            "method": .string(request.method), "route": .string(request.route),
            "status": .stringConvertible(response.status), "duration_ms": .stringConvertible(milliseconds),
            "request_id": .string(request.requestID),
        ]
        if let trace = request.trace { metadata["trace_id"] = .string(trace.traceID) }
        if aborted { metadata["client_aborted"] = .stringConvertible(true) }
        app.logger.info(aborted ? "client_aborted" : "request", metadata: metadata)
    }
}
