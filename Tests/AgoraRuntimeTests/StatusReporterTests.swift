import Testing
@testable import AgoraRuntime

/// The worker's status lines to the runner.
struct StatusReporterTests {
    @Test func busyLine_NamesTheMethodAndRoute() {
        #expect(StatusReporter.busyLine(method: "GET", route: "/api/blogs/{id}/") == "B GET /api/blogs/{id}/\n")
        #expect(StatusReporter.busyLine(method: "GET", route: "") == "B GET -\n")
    }

    /// A hostile method (nginx passes 5,000 capital letters) is cut, so that the line is written
    /// whole or not at all (at most PIPE_BUF bytes) and the runner never reads a torn one.
    @Test func busyLine_CutsAHostileMethod() {
        let line = StatusReporter.busyLine(method: String(repeating: "A", count: 5000), route: "-")
        #expect(line == "B " + String(repeating: "A", count: StatusReporter.methodLimit) + " -\n")
        #expect(line.utf8.count < 4096)
    }
}
