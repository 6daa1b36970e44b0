import Testing
@testable import AgoraCore

struct RouterTests {
    @Test(arguments: ["1", "42", "0", "01", "+1", "-1", "", "1a", "١", "9223372036854775807", "9223372036854775808",
                      "18446744073709551616", "99999999999999999999", "1000000000000000000", "0000000000000000001"])
    func pathIDCheck_AgreesWithTheParse(text: String) {
        #expect(PathID.isCanonical(Substring(text)) == (PathID.parse(text) != nil))
    }

    static let doc = OperationDoc("test", "A test route", responses: [])

    static func router() -> Router<Void> {
        var router = Router<Void>()
        router.get("/api/blogs/", doc) { _, _ in Response(status: 200, body: Array("list".utf8)) }
        router.post("/api/blogs/", doc) { _, _ in Response(status: 201) }
        router.get("/api/blogs/popular/", doc) { _, _ in Response(status: 200, body: Array("popular".utf8)) }
        router.get("/api/blogs/{id}/", doc) { _, _ in Response(status: 200) }
        router.delete("/api/blogs/{id}/", doc) { _, _ in Response(status: 204) }
        router.get("/api/forums/{forum_id}/threads/{id}/", doc) { _, _ in Response(status: 200) }
        return router
    }

    @Test(arguments: ["/api/blogs/7/", "/api/blogs/7"])
    func match_BindsID_WithOrWithoutTrailingSlash(path: String) throws {
        guard case .found(let route, let parameters) = Self.router().match(method: "GET", path: path) else {
            Issue.record("no match"); return
        }
        #expect(route.template == "/api/blogs/{id}/")
        #expect(parameters == ["id": 7])
    }

    @Test func match_BindsEveryParameter_WhenNested() {
        guard case .found(_, let parameters) = Self.router().match(method: "GET", path: "/api/forums/3/threads/9/") else {
            Issue.record("no match"); return
        }
        #expect(parameters == ["forum_id": 3, "id": 9])
    }

    @Test(arguments: ["/api/blogs/01/", "/api/blogs/+1/", "/api/blogs/0/", "/api/blogs/-1/",
                      "/api/blogs/18446744073709551616/", "/api/blogs/9223372036854775808/", "/api/blogs/1.0/",
                      "/api/blogs//", "/api/blogs/1//", "/api/nothing/", "/", ""])
    func match_IsNotFound_ForNonCanonicalIDsAndUnknownPaths(path: String) {
        guard case .notFound = Self.router().match(method: "GET", path: path) else {
            Issue.record("expected 404 for \(path)"); return
        }
    }

    @Test func match_AcceptsLargestInt64() {
        guard case .found(_, let parameters) = Self.router().match(method: "GET", path: "/api/blogs/9223372036854775807/") else {
            Issue.record("no match"); return
        }
        #expect(parameters["id"] == Int64.max)
    }

    @Test func match_IsMethodNotAllowed_WithAllowListingThePathsMethods() {
        guard case .methodNotAllowed(let allow) = Self.router().match(method: "PUT", path: "/api/blogs/3/") else {
            Issue.record("expected 405"); return
        }
        #expect(allow == ["GET", "DELETE"])
    }

    @Test func match_PrefersLiteral_OverParameter() {
        guard case .found(let route, _) = Self.router().match(method: "GET", path: "/api/blogs/popular/") else {
            Issue.record("no match"); return
        }
        #expect(route.template == "/api/blogs/popular/")
    }

    @Test func methodNotAllowedError_CarriesAllowHeader() {
        let error = APIError.methodNotAllowed(allow: ["GET", "POST"])
        #expect(error.status == 405)
        #expect(error.headers.first { $0.0 == "Allow" }?.1 == "GET, POST")
    }
}

extension RouterTests {
    @Test func match_AnswersHEAD_WhereGETIsServed() {
        guard case .found(let route, _) = Self.router().match(method: "HEAD", path: "/api/blogs/3/") else {
            Issue.record("expected HEAD to match the GET route"); return
        }
        #expect(route.method == "GET")
        guard case .notFound = Self.router().match(method: "HEAD", path: "/api/nothing/") else {
            Issue.record("expected 404"); return
        }
    }
}

/// The router walks each template against the path's bytes; it must agree with the definition it
/// replaced: split at `/` after the first, one trailing empty segment dropped, every literal equal
/// and every parameter a canonical id.
struct RouterEquivalenceTests {
    static let paths = [
        "", "/", "//", "///", "api", "api/blogs/", "x/api/blogs/", "/api", "/api/", "/api/blogs", "/api/blogs/", "/api/blogs//",
        "/api//blogs/", "//api/blogs/", "/api/blogs/7", "/api/blogs/7/", "/api/blogs/7//", "/api/blogs/7/x", "/api/blogs/07/",
        "/api/blogs/popular", "/api/blogs/popular/", "/api/blogs/popular//", "/api/blogs/populars/", "/api/blogs/popula/",
        "/api/forums/3/threads/9", "/api/forums/3/threads/9/", "/api/forums//threads/9/", "/api/forums/3/threads/9/x/",
        "/api/blogs/9223372036854775807/", "/api/blogs/9223372036854775808/", "/api/blögs/", "/api/blogs/\u{661}/",
        "/api/blogs/1/2/", "/API/blogs/", "/api/blogs/ 1/", "/api/blogs/1 /",
    ]

    /// Templates whose definition the path fits, in table order.
    static func reference(_ router: Router<Void>, path: String) -> [Int] {
        let parts = Router<Void>.split(path)
        return router.routes.indices.filter { index in
            let template = Router<Void>.split(router.routes[index].template)
            guard template.count == parts.count else { return false }
            return zip(template, parts).allSatisfy { segment, part in
                segment.hasPrefix("{") ? PathID.parse(part) != nil : segment == part
            }
        }
    }

    @Test(arguments: paths)
    func match_AgreesWithTheSplitDefinition(path: String) {
        let router = RouterTests.router()
        let fitting = Self.reference(router, path: path)
        for method in ["GET", "POST", "DELETE", "PUT"] {
            switch router.match(method: method, path: path) {
            case .found(let route, let parameters):
                #expect(route.index == fitting.first { router.routes[$0].method == method })
                let names = Router<Void>.split(route.template).filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
                let values = zip(Router<Void>.split(route.template), Router<Void>.split(path)).filter { $0.0.hasPrefix("{") }
                    .map { PathID.parse($0.1)! }
                #expect(parameters == Dictionary(uniqueKeysWithValues: zip(names, values)))
            case .methodNotAllowed(let allow):
                #expect(!fitting.contains { router.routes[$0].method == method })
                var expected: [String] = []
                for index in fitting where !expected.contains(router.routes[index].method) { expected.append(router.routes[index].method) }
                #expect(allow == expected)
            case .notFound:
                #expect(fitting.isEmpty, "\(path)")
            }
        }
    }
}
