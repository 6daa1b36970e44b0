public import AgoraCore
import AgoraCrypto
public import AgoraPostgres
public import AgoraRuntime

#if canImport(Glibc)
import Glibc
#endif

/// A function run in-process for tests, as swift-aws-lambda-runtime tests a handler: requests
/// (or API Gateway v2 event files) go through the same pipeline as every transport (routing,
/// authentication, the handler, the envelope) against the test database, with no server.
///
/// ```swift
/// let blogs = try TestFunction(BlogsFunction.self)
/// let alice = try blogs.user("alice")
/// let created = try blogs.send("POST", "/api/blogs/", body: ["title": "T", "content": "C"], as: alice)
/// #expect(created.status == 201)
/// ```
public final class TestFunction {
    public let app: FunctionApp
    /// A session of its own on the test database, for arranging and checking rows.
    public let db: PostgresConnection

    /// The test database: `AGORA_TEST_DATABASE_URL` (the test command sets it).
    public static var databaseURL: String? {
        guard let value = getenv("AGORA_TEST_DATABASE_URL") else { return nil }
        let url = String(cString: value)
        return url.isEmpty ? nil : url
    }

    /// A session as the database's owner role (`AGORA_TEST_OWNER_DATABASE_URL`), for a test that
    /// must change a table, which the functions' role may not; nil when not given.
    public static func ownerDatabase() -> PostgresConnection? {
        guard let value = getenv("AGORA_TEST_OWNER_DATABASE_URL"), value.pointee != 0 else { return nil }
        return PostgresConnection(url: String(cString: value))
    }

    /// Whether the database-backed tests can run.
    public static var isAvailable: Bool { databaseURL != nil }

    /// - Parameter environment: settings over the defaults (`MEDIA_ROOT`, `CLIENT_BODY_DIR`, ...).
    public init<Function: FunctionDefinition>(_ function: Function.Type, environment: [String: String] = [:]) throws {
        guard let url = TestFunction.databaseURL else { throw TestFunctionError.noDatabase }
        let config = try Config.fromEnvironment([
            "DATABASE_URL": url, "JWT_SECRET": TestFunction.secret, "PUBLIC_BASE_URL": "http://testserver.local",
            "MEDIA_ROOT": "/tmp/agora-test-media", "LOG_LEVEL": "critical",
        ].merging(environment) { $1 })
        app = FunctionApp(name: Function.name, router: Function.router, config: config)
        db = PostgresConnection(url: url)
    }

    /// One secret for every in-process test, so tokens made by one function work in another.
    static let secret = "in-process-tests-secret-0123456789abcdef"

    /// Sends one request through the pipeline.
    public func send(_ method: String, _ path: String, query: String = "", body: JSON? = nil,
                     as user: TestUser? = nil, headers: [String: String] = [:], bodyFile: String? = nil) -> TestResponse {
        var request = Request(method: method, path: path, queryString: query, requestID: "test-request",
                              bodyFilePath: bodyFile)
        if let body {
            request.body = Array(body.text.utf8)
            request.headers["content-type"] = "application/json"
        }
        if let user { request.headers["authorization"] = "Bearer \(user.token)" }
        for (name, value) in headers { request.headers[name] = value }
        return TestResponse(app.respond(to: request))
    }

    /// Runs an API Gateway v2 HTTP event (the shape `agora event` prints and `invoke` reads).
    public func invoke(event: JSON) throws -> TestResponse {
        TestResponse(app.respond(to: try Invoke.event(event)))
    }

    /// A new user with a live login session and its access token (`admin` as `agora users
    /// create-admin` makes one). The username gets a unique suffix.
    public func user(_ name: String = "user", admin: Bool = false) throws -> TestUser {
        let username = "\(name.prefix(14))_\(UInt32.random(in: 0...UInt32.max))"
        let id = try db.query("""
            INSERT INTO users (username, email, password_hash, is_admin)
            VALUES (\(username), \(username + "@example.com"), 'not-a-hash', \(admin)) RETURNING id
            """).first.orNotFound().decode(Int64.self)
        try db.execute("INSERT INTO profiles (user_id) VALUES (\(id)) ON CONFLICT DO NOTHING")
        let session = Base64URL.encode(SecureRandom.bytes(16))
        try db.execute("INSERT INTO auth_sessions (id, user_id, refresh_jti) VALUES (\(session), \(id), 'test')")
        let token = TokenService(signer: JWTSigner(secret: Array(TestFunction.secret.utf8)))
            .issue(.access, userID: id, sessionID: session).token
        return TestUser(id: id, username: username, token: token)
    }
}

/// A user made for a test, with an access token.
public struct TestUser: Sendable {
    public let id: Int64
    public let username: String
    public let token: String
}

/// A response as a test reads it.
public struct TestResponse: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    public let body: [UInt8]

    init(_ response: Response) {
        status = response.status
        headers = response.headers
        body = response.body
    }

    /// The body as JSON (`.null` when it is empty or not JSON).
    public var json: JSON { (try? JSON.parse(body)) ?? .null }

    /// The envelope's `error.code`, for error responses.
    public var errorCode: String? { json["error"]?["code"]?.stringValue }

    /// The first header named `name`, ignoring case.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

public enum TestFunctionError: Error {
    /// `AGORA_TEST_DATABASE_URL` is not set.
    case noDatabase
}
