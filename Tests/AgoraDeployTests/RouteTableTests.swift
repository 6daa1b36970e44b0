import AgoraCore
import AgoraManifest
import Glibc
import Testing

@testable import AgoraDeploy

/// The routes come from the functions themselves (`agora-<function> routes`), so the table is
/// checked where they meet: no path claimed twice, no malformed template, every binary present.
struct RouteTableTests {
    static func route(_ method: String, _ path: String) -> FunctionRoute { FunctionRoute(method: method, path: path) }

    @Test func conflicts_AreEmpty_ForFunctionsWithDisjointPaths() {
        let table = RouteTable([
            "blogs": [Self.route("GET", "/api/blogs/"), Self.route("POST", "/api/blogs/"), Self.route("GET", "/api/blogs/{id}/"),
                      Self.route("GET", "/api/blogs/popular/")],
            "health": [Self.route("GET", "/api/health/")],
        ])
        #expect(table.conflicts() == [])
    }

    @Test func conflicts_ReportAPathClaimedByTwoFunctions_EvenWithOtherParameterNames() {
        let table = RouteTable(["a": [Self.route("GET", "/api/x/{id}/")], "b": [Self.route("POST", "/api/x/{pk}/")]])
        #expect(table.conflicts() == ["/api/x/{pk}/ is claimed by both a and b"])
    }

    @Test func conflicts_ReportARouteDeclaredTwice() {
        let table = RouteTable(["a": [Self.route("GET", "/api/x/"), Self.route("get", "/api/x/")]])
        #expect(table.conflicts() == ["GET /api/x/ is declared twice by a"])
    }

    @Test(arguments: ["api/x/", "/api/x", "/api//x/", "/api/{id/", "/api/x y/", "/api/{1a}/", "/api/\"x/", "/api/{}/",
                      "/api/x;/", "/api/$x/"])
    func conflicts_ReportAMalformedTemplate(path: String) {
        let problems = RouteTable(["a": [Self.route("GET", path)]]).conflicts()
        #expect(problems == ["\(path) of a is not a path template (segments of A-Z a-z 0-9 . _ ~ - or {name}, "
            + "starting and ending with /)"])
    }

    @Test(arguments: ["/", "/api/health/", "/api/forums/{forum_id}/threads/{id}/", "/api/v1.2/x~y_z-w/"])
    func conflicts_AcceptAWellFormedTemplate(path: String) {
        #expect(RouteTable(["a": [Self.route("GET", path)]]).conflicts() == [])
    }

    @Test func conflicts_ReportAMethodThatIsNotUpperCaseLetters() {
        #expect(RouteTable(["a": [Self.route("GE T", "/api/x/")]]).conflicts()
            == ["GE T /api/x/ of a: the method must be upper-case letters"])
    }

    @Test func routesServing_MatchesTemplatesWithIdsFilledIn() {
        let table = RouteTable([
            "blogs": [Self.route("GET", "/api/blogs/{id}/"), Self.route("PUT", "/api/blogs/{id}/")],
            "health": [Self.route("GET", "/api/health/")],
        ])
        #expect(table.routes(serving: "/api/blogs/7/?x=1").map(\.route.method) == ["GET", "PUT"])
        #expect(table.routes(serving: "/api/blogs/7/").map(\.function) == ["blogs", "blogs"])
        #expect(table.routes(serving: "/api/blogs/07/").isEmpty)  // not an id
        #expect(table.routes(serving: "/api/health").map(\.function) == ["health"])
        #expect(table.routes(serving: "/api/unknown/").isEmpty)
    }

    @Test func json_IsAnObjectOfFunctionsWithTheirRoutesInOrder() {
        let table = RouteTable(["h": [Self.route("POST", "/b/"), Self.route("GET", "/a/")]])
        #expect(table.json.text == #"{"h":[{"method":"POST","path":"/b/"},{"method":"GET","path":"/a/"}]}"#)
    }

    @Test func parseDeclared_ReadsMethodPathAndAuth_IgnoringOtherKeys() throws {
        let text = #"[{"method":"get","path":"/api/x/","auth":"required","x":1},{"path":"/api/y/","method":"POST","auth":"optional"}]"#
        let routes = try RouteTable.parseDeclared(Array(text.utf8), function: "x")
        #expect(routes == [FunctionRoute(method: "GET", path: "/api/x/", requiresAuth: true), Self.route("POST", "/api/y/")])
    }

    @Test func parseDeclared_ReadsAStreamRoutesChannel() throws {
        let text = #"[{"method":"GET","path":"/api/c/{id}/stream/","stream":"chat"}]"#
        let routes = try RouteTable.parseDeclared(Array(text.utf8), function: "x")
        #expect(routes == [FunctionRoute(method: "GET", path: "/api/c/{id}/stream/", stream: "chat")])
    }

    @Test(arguments: [
        ("nope", #"function "x": `agora-x routes` printed no JSON (byte 0: "#),
        (#"[{"method":"GET","path":"/a/","stream":"a b"}]"#,
         #"function "x": `agora-x routes`: route 0 has a stream channel that is not a word"#),
        (#"[{"method":"GET","path":"/a/","stream":""}]"#,
         #"function "x": `agora-x routes`: route 0 has a stream channel that is not a word"#),
        (#"{"routes":[]}"#, #"function "x": `agora-x routes` printed object, not an array of routes"#),
        (#"[{"method":"GET"}]"#, #"function "x": `agora-x routes`: route 0 has no method or path string"#),
    ])
    func parseDeclared_RefusesWhatIsNotARouteTable(output: String, message: String) {
        #expect {
            try RouteTable.parseDeclared(Array(output.utf8), function: "x")
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }
}
