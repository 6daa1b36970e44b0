import AgoraCore
import AgoraInternships
import AgoraJobs
import AgoraTesting
import Testing

/// The functions that serve a postings board: every test of this target runs against each.
enum Board: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case jobs, internships

    /// `job`: the application's key, and `job_id` the body field and path parameter.
    var singular: String { self == .jobs ? "job" : "internship" }
    var idName: String { singular + "_id" }
    var testDescription: String { rawValue }

    func function() throws -> TestFunction {
        switch self {
        case .jobs: try TestFunction(JobsFunction.self)
        case .internships: try TestFunction(InternshipsFunction.self)
        }
    }
}

/// One board's function in-process, an admin, and helpers that arrange postings and applications
/// through the routes themselves.
struct BoardFixture {
    let board: Board
    let function: TestFunction
    let admin: TestUser

    init(_ board: Board) throws {
        self.board = board
        function = try board.function()
        admin = try function.user("admin", admin: true)
    }

    /// `/api/jobs/`
    var collection: String { "/api/\(board.rawValue)/" }

    /// `/api/users/{user_id}/jobs/`
    func applications(of user: Int64) -> String { "/api/users/\(user)/\(board.rawValue)/" }

    /// `/api/users/{user_id}/jobs/{job_id}/`
    func application(of user: Int64, for posting: Int64) -> String { applications(of: user) + "\(posting)/" }

    func send(_ method: String, _ path: String, query: String = "", body: JSON? = nil, as user: TestUser? = nil)
        -> TestResponse {
        function.send(method, path, query: query, body: body, as: user)
    }

    func user(_ name: String = "user") throws -> TestUser { try function.user(name) }

    /// A new posting, made by the admin; returns its id.
    func posting(title: String = "Swift developer", description: String = "Build services.", company: String = "Acme",
                 location: String = "Remote") throws -> Int64 {
        let response = send("POST", collection, body: [
            "title": .string(title), "description": .string(description), "company": .string(company),
            "location": .string(location),
        ], as: admin)
        try #require(response.status == 201)
        return try #require(response.json["id"]?.intValue)
    }

    /// `{job_id, cover_letter?}` for this board.
    func applicationBody(_ posting: Int64, coverLetter: JSON? = nil) -> JSON {
        var body: [String: JSON] = [board.idName: .int(posting)]
        if let coverLetter { body["cover_letter"] = coverLetter }
        return .object(body)
    }

    /// `user` applies for `posting` on their own behalf (or `as` someone else).
    func apply(_ user: TestUser, to posting: Int64, coverLetter: JSON? = nil, as caller: TestUser? = nil) -> TestResponse {
        send("POST", applications(of: user.id), body: applicationBody(posting, coverLetter: coverLetter), as: caller ?? user)
    }

    /// Every id of a list, following `next` (at most `pages` pages).
    func walk(_ path: String, query: String, as user: TestUser? = nil, key: String? = nil, pages: Int = 50) throws
        -> [Int64] {
        var ids: [Int64] = []
        var response = send("GET", path, query: query, as: user)
        for _ in 0..<pages {
            try #require(response.status == 200)
            ids += response.ids(key: key)
            guard let next = response.json["next"]?.stringValue else { return ids }
            let parts = next.split(separator: "?", maxSplits: 1)
            response = send("GET", String(parts[0]), query: parts.count > 1 ? String(parts[1]) : "", as: user)
        }
        return ids
    }
}

extension TestResponse {
    /// The ids of a page's results (of the object under `key` when given, as in applications).
    func ids(key: String? = nil) -> [Int64] {
        json["results"]?.arrayValue?.compactMap { item in (key.map { item[$0] } ?? item)?["id"]?.intValue } ?? []
    }

    /// The `fields` of the error envelope.
    var fields: JSON? { json["error"]?["fields"] }
}

extension JSON {
    /// The member names of an object.
    var keys: Set<String> { Set(objectValue.map { Array($0.keys) } ?? []) }
}

/// A word no other posting contains, so full-text hits belong to one test alone.
func uniqueWord() -> String {
    "zq" + String((0..<10).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement() ?? "z" })
}
