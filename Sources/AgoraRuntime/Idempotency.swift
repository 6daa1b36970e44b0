import AgoraCore
import AgoraCrypto
import AgoraPostgres

#if canImport(Glibc)
import Glibc
#endif

/// Idempotent retries: a creating POST (its operation documents a 201) sent with an
/// `Idempotency-Key` runs at most once per caller and key within 24 hours, and a repeat gets the
/// first answer again with `Idempotent-Replayed: true`.
///
/// Exactly once, even when a worker is killed mid-request: the pipeline runs the handler inside
/// one transaction that first takes a transaction-level advisory lock on (caller, key), then looks
/// for a kept answer, then runs the handler (whose own transactions become savepoints), then
/// stores its answer in `idempotency_keys`, then commits. The stored answer and the handler's
/// writes commit together or not at all: a worker killed before COMMIT drops its connection, the
/// server rolls everything back and releases the lock, and a retry runs afresh; a worker killed
/// after COMMIT left the answer, which the retry gets back. A repeat that arrives while the first
/// holds the lock is 409 `idempotency_in_progress` at once (it never waits); the lock is released
/// only after the COMMIT is visible, so a repeat that takes it next sees the kept answer.
///
/// Only 2xx answers are kept. A handler's refusal (4xx) commits whatever the handler wrote before
/// it, as it would without a key (a throttle's count), but keeps no answer, so a retry runs again;
/// a failure (5xx) rolls everything back. Effects outside PostgreSQL wait for the COMMIT
/// (`Context.publish`, `Context.afterCommit`) or are undone after a ROLLBACK (`Context.onRollback`).
struct IdempotentRequest {
    /// `user:<id>`, or `ip:<address>` for an anonymous caller.
    let caller: String
    let userID: Int64?
    let key: String
    /// The fingerprint a repeat must match.
    let method: String
    let path: String
    let bodySHA256: [UInt8]

    /// The request's key, nil without the header.
    /// - Throws: 400 for a key that is empty, longer than 255 bytes, or not visible ASCII.
    static func key(of request: Request) throws(APIError) -> String? {
        guard let value = request.headers["idempotency-key"] else { return nil }
        guard (1...255).contains(value.utf8.count), value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIError.badRequest("The Idempotency-Key header must be 1-255 visible ASCII characters.")
        }
        return value
    }

    init(key: String, request: Request, caller: Caller?, config: Config) {
        self.key = key
        self.caller = caller.map { "user:\($0.id)" } ?? "ip:" + (request.remoteAddress ?? "")
        userID = caller?.id
        method = request.method
        // `/api/blogs` and `/api/blogs/` are one path.
        path = request.path.hasSuffix("/") ? request.path : request.path + "/"
        if let file = request.bodyFilePath {
            // An upload's body is a file nginx wrote; one the handler would refuse (outside the
            // client-body directory) is not read here either: its request is refused, never kept.
            bodySHA256 = IdempotentRequest.sha256(file: file, inside: config.clientBodyDir)
                ?? Digest.sha256(Array("unreadable body file \(file)".utf8))
        } else {
            bodySHA256 = Digest.sha256(request.body)
        }
    }

    /// Takes the (caller, key) lock for the rest of the transaction, or 409 while another
    /// transaction holds it (the first request with this key is still running).
    func lock(_ db: PostgresConnection) throws {
        let locked = try db.found("SELECT pg_try_advisory_xact_lock(hashtextextended(\(caller + " " + key), 0))")
            .decode(Bool.self)
        guard locked else { throw APIError.idempotencyInProgress }
    }

    /// The kept answer of this key, if one has not expired; 422 when it was another request's.
    /// A statement of its own after `lock`, so that its snapshot sees a COMMIT that released the lock.
    func keptAnswer(_ db: PostgresConnection) throws -> Response? {
        guard let row = try db.query("""
            SELECT method, path, body_sha256, status, headers, body FROM idempotency_keys
            WHERE caller = \(caller) AND key = \(key) AND expires_at > now()
            """).first else { return nil }
        let (method, path, digest, status, headers, body) = try row.decode((String, String, [UInt8], Int, JSON, [UInt8]).self)
        guard method == self.method, path == self.path, digest == bodySHA256 else { throw APIError.idempotencyKeyReused }
        var response = Response(status: status, body: body)
        for pair in headers.arrayValue ?? [] {
            guard let parts = pair.arrayValue, parts.count == 2, let name = parts[0].stringValue,
                  let value = parts[1].stringValue else { continue }
            response.headers.append((name, value))
        }
        response.headers.append(("Idempotent-Replayed", "true"))
        return response
    }

    /// Keeps `response` for 24 hours, replacing an expired row of the same key.
    func keep(_ response: Response, _ db: PostgresConnection) throws {
        let headers = JSON.array(response.headers.map { JSON.array([.string($0.0), .string($0.1)]) })
        try db.execute("""
            INSERT INTO idempotency_keys (caller, key, user_id, method, path, body_sha256, status, headers, body)
            VALUES (\(caller), \(key), \(userID), \(method), \(path), \(bodySHA256), \(response.status), \(headers), \(response.body))
            ON CONFLICT (caller, key) DO UPDATE SET user_id = EXCLUDED.user_id, method = EXCLUDED.method,
                path = EXCLUDED.path, body_sha256 = EXCLUDED.body_sha256, status = EXCLUDED.status,
                headers = EXCLUDED.headers, body = EXCLUDED.body, created_at = now(),
                expires_at = now() + interval '24 hours'
            """)
    }

    /// The SHA-256 of a request-body file inside `directory`, read in pieces; nil when the file
    /// is not a regular file there.
    static func sha256(file path: String, inside directory: String?) -> [UInt8]? {
        func real(_ path: String) -> String? {
            guard path.hasPrefix("/"), let resolved = realpath(path, nil) else { return nil }
            defer { free(resolved) }
            return String(cString: resolved)
        }
        guard let directory, let root = real(directory), let file = real(path),
              file.hasPrefix(root.hasSuffix("/") ? root : root + "/") else { return nil }
        let fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let hasher = SHA256Hasher()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
        }
        return hasher.finish()
    }
}

/// The kept answers of idempotent retries, for maintenance.
public enum IdempotencyKeys {
    /// Deletes up to `limit` expired rows, skipping any that a running transaction has locked,
    /// and returns how many went. The workers call it now and then; `agora idempotency purge`
    /// calls it until nothing is left.
    @discardableResult
    public static func purgeExpired(_ db: PostgresConnection, limit: Int = 100) throws -> Int {
        try db.query("""
            DELETE FROM idempotency_keys WHERE (caller, key) IN (
                SELECT caller, key FROM idempotency_keys WHERE expires_at <= now()
                ORDER BY expires_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING 1
            """).count
    }
}

/// What a handler run inside the pipeline's transaction leaves for after it: actions that wait
/// for the COMMIT (real-time events) and undos for a ROLLBACK (a file written).
final class TransactionEffects {
    var afterCommit: [() -> Void] = []
    var onRollback: [() -> Void] = []

    func committed() {
        let actions = afterCommit
        afterCommit = []
        onRollback = []
        for action in actions { action() }
    }

    func rolledBack() {
        let undos = onRollback
        afterCommit = []
        onRollback = []
        for undo in undos.reversed() { undo() }
    }
}

/// Per worker: which routes create (read once from their documentation), and when to sweep.
final class IdempotencyState {
    var creates: [String: Bool] = [:]
    var keptSinceSweep = 0
    /// A worker sweeps expired keys after its first kept answer, then after every this many.
    static let sweepEvery = 64
}

extension APIError {
    static let idempotencyInProgress = APIError(
        status: 409, code: "idempotency_in_progress",
        message: "A request with this Idempotency-Key is still in progress; retry it later.")
    static let idempotencyKeyReused = APIError(
        status: 422, code: "idempotency_key_reused",
        message: "This Idempotency-Key was already used with another method, path or body.")
}

extension FunctionApp {
    /// Whether `route` is a creating POST: its operation documents a 201.
    func creates(_ route: Route<Context>) -> Bool {
        guard route.method == "POST" else { return false }
        if let known = idempotency.creates[route.template] { return known }
        let creates = route.doc.createsResource
        idempotency.creates[route.template] = creates
        return creates
    }

    /// Runs `route`'s handler for a request with an `Idempotency-Key` (see `IdempotentRequest`).
    /// A deadlock or serialization failure rolls the whole transaction back and runs it again,
    /// up to three times (the handler's own retries are off inside a transaction).
    func respondIdempotently(_ route: Route<Context>, _ request: Request, _ context: Context, key: String) throws -> Response {
        let call = IdempotentRequest(key: key, request: request, caller: context.caller, config: config)
        let db = context.db
        var attempt = 1
        while true {
            let effects = TransactionEffects()
            var scoped = context
            scoped.effects = effects
            var refusal: (any Error)?
            var kept = false
            let outcome: Result<Response, any Error>
            do {
                outcome = try db.transaction { () throws -> Result<Response, any Error> in
                    try call.lock(db)
                    if let answer = try call.keptAnswer(db) { return .success(answer) }
                    let response: Response
                    do {
                        response = try route.handler(request, scoped)
                    } catch {
                        if APIError.from(error).status >= 500 { throw error }
                        refusal = error
                        return .failure(error)
                    }
                    if (200..<300).contains(response.status) {
                        try call.keep(response, db)
                        kept = true
                    }
                    return .success(response)
                }
            } catch {
                effects.rolledBack()
                // A refusal whose COMMIT could only roll back (a statement of the handler failed).
                if let refusal { throw refusal }
                if let error = error as? PostgresError, error.sqlState == "40P01" || error.sqlState == "40001", attempt < 3 {
                    attempt += 1
                    continue
                }
                throw error
            }
            effects.committed()
            if kept { sweepOccasionally(db) }
            return try outcome.get()
        }
    }

    /// Deletes a few expired keys now and then, outside the request's transaction; a failure
    /// only leaves them for the next sweep (or `agora idempotency purge`).
    func sweepOccasionally(_ db: PostgresConnection) {
        defer { idempotency.keptSinceSweep += 1 }
        guard idempotency.keptSinceSweep % IdempotencyState.sweepEvery == 0 else { return }
        _ = try? IdempotencyKeys.purgeExpired(db)
    }
}
