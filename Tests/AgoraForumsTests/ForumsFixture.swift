import AgoraCore
import AgoraTesting
import Testing
@testable import AgoraForums

/// The forums function in-process, an admin, and helpers that arrange forums, threads and posts
/// through the routes themselves.
struct ForumsFixture {
    let forums: TestFunction
    let admin: TestUser

    init() throws {
        forums = try TestFunction(ForumsFunction.self)
        admin = try forums.user("admin", admin: true)
    }

    func send(_ method: String, _ path: String, query: String = "", body: JSON? = nil, as user: TestUser? = nil)
        -> TestResponse {
        forums.send(method, path, query: query, body: body, as: user)
    }

    func user(_ name: String = "user") throws -> TestUser { try forums.user(name) }

    /// A new forum's id.
    func forum(_ title: String = "General") throws -> Int64 {
        let response = send("POST", "/api/forums/", body: ["title": .string(title)], as: admin)
        try #require(response.status == 201)
        return try #require(response.json["id"]?.intValue)
    }

    /// A new thread of `forum` by `user`, as the create answered it.
    func thread(in forum: Int64, by user: TestUser, title: String = "A thread") throws -> JSON {
        let response = send("POST", "/api/forums/\(forum)/threads/", body: ["title": .string(title), "content": "Text"],
                            as: user)
        try #require(response.status == 201)
        return response.json
    }

    /// A new post of `thread` by `user`, as the create answered it.
    func post(in thread: JSON, by user: TestUser, content: String = "A post") throws -> JSON {
        let response = send("POST", try path(thread) + "posts/", body: ["content": .string(content)], as: user)
        try #require(response.status == 201)
        return response.json
    }

    /// The `id` of a created object.
    func id(_ object: JSON) throws -> Int64 { try #require(object["id"]?.intValue) }

    /// `/api/forums/{forum_id}/threads/{id}/` of a thread.
    func path(_ thread: JSON) throws -> String {
        "/api/forums/\(try #require(thread["forum_id"]?.intValue))/threads/\(try #require(thread["id"]?.intValue))/"
    }

    /// `.../posts/{id}/` of a post of `thread`.
    func path(_ post: JSON, of thread: JSON) throws -> String {
        try path(thread) + "posts/\(try #require(post["id"]?.intValue))/"
    }

    /// Every id of a list, following `next` (at most `pages` pages).
    func walk(_ path: String, query: String, as user: TestUser? = nil, pages: Int = 50) throws -> [Int64] {
        var ids: [Int64] = []
        var response = send("GET", path, query: query, as: user)
        for _ in 0..<pages {
            try #require(response.status == 200)
            ids += response.json["results"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? []
            guard let next = response.json["next"]?.stringValue else { return ids }
            let parts = next.split(separator: "?", maxSplits: 1)
            response = send("GET", String(parts[0]), query: parts.count > 1 ? String(parts[1]) : "", as: user)
        }
        return ids
    }
}

extension TestResponse {
    /// The ids of a page's results.
    var ids: [Int64] { json["results"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? [] }

    /// The `fields` of the error envelope.
    var fields: JSON? { json["error"]?["fields"] }
}

extension JSON {
    /// The member names of an object.
    var keys: Set<String> { Set(objectValue.map { Array($0.keys) } ?? []) }
}
