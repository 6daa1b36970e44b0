public import AgoraCore
public import AgoraPostgres
public import Logging

/// What a handler gets besides the request: the verified caller (if any), the worker's database
/// connection and configuration, a logger tagged with the request id, and pagination.
public struct Context {
    public let caller: Caller?
    /// The caller's email and dates, read with the session check.
    public let account: CallerAccount?
    public let db: PostgresConnection
    public let config: Config
    /// The worker's logger, tagged with the request id and trace id when a handler asks for it
    /// (most never do: tagging it on every request cost two dictionary copies).
    public var logger: Logger {
        var tagged = workerLogger
        tagged[metadataKey: "request_id"] = .string(requestID)
        if let traceID { tagged[metadataKey: "trace_id"] = .string(traceID) }
        return tagged
    }
    let workerLogger: Logger
    let requestID: String
    let traceID: String?
    let services: Services
    /// Set while the handler runs inside the pipeline's transaction (a creating POST with an
    /// `Idempotency-Key`): what must wait for its COMMIT, or undo a file after its ROLLBACK.
    var effects: TransactionEffects? = nil

    /// The caller, or 401 `not_authenticated` (routes declared `.required` never see nil here).
    public func requireCaller() throws(APIError) -> Caller {
        guard let caller else { throw APIError.notAuthenticated }
        return caller
    }

    /// Pagination parameters of this request (cursor checked, limit bounded).
    public func page(_ request: Request, defaultLimit: Int = 20, maxLimit: Int = 100) throws(APIError) -> PageRequest {
        try PageRequest(request, signer: services.cursorSigner, defaultLimit: defaultLimit, maxLimit: maxLimit)
    }

    /// Issues and verifies tokens with the process's secret.
    public var tokens: TokenService { services.tokens }

    /// Sends `event` with `data` to the real-time subscribers of `channel`. Call it only after
    /// the change has committed; it never fails the request (see `Publisher`).
    /// Inside the pipeline's transaction the event waits for its COMMIT (and is dropped on ROLLBACK).
    public func publish(_ event: String, _ data: JSON, to channel: String) {
        let (publisher, logger) = (services.publisher, logger)
        afterCommit { publisher.publish(channel: channel, event: event, data: data, logger: logger) }
    }

    /// Disconnects every real-time subscriber of `channel` (its subject was deleted).
    public func closeChannel(_ channel: String) {
        let (publisher, logger) = (services.publisher, logger)
        afterCommit { publisher.close(channel: channel, logger: logger) }
    }

    /// Runs `action` once the request's writes have committed: at once, unless the handler runs
    /// inside the pipeline's transaction (a creating POST with an `Idempotency-Key`), whose
    /// COMMIT it then waits for (and is dropped if that rolls back).
    public func afterCommit(_ action: @escaping () -> Void) {
        if let effects { effects.afterCommit.append(action) } else { action() }
    }

    /// Registers `undo` for something done outside PostgreSQL (a file written) that the
    /// request's writes must not outlive: it runs if the pipeline's transaction rolls back after
    /// the handler returned (a creating POST with an `Idempotency-Key`). Without that
    /// transaction the handler's statements have committed already, and it never runs.
    public func onRollback(_ undo: @escaping () -> Void) {
        effects?.onRollback.append(undo)
    }

    /// Disconnects every real-time stream opened in these login sessions (they ended).
    public func closeStreams(ofSessions sessionIDs: [String]) {
        for id in sessionIDs { closeChannel(RealTime.sessionChannel(id)) }
    }
}

extension Context {
    /// The owner rule in the order of checks (404 before 403 before the body): 404 when `ownerLookup` finds no row, then
    /// 403 unless its one column (the owner's user id) is the caller's or the caller is an
    /// admin. Returns the caller.
    ///
    /// `try context.requireOwner("SELECT author_id FROM blogs WHERE id = \(id)")`
    @discardableResult
    public func requireOwner(_ ownerLookup: SQL) throws -> Caller {
        let caller = try requireCaller()
        let owner = try db.found(ownerLookup).decode(Int64.self)
        try caller.requireOwnerOrAdmin(owner)
        return caller
    }
}
