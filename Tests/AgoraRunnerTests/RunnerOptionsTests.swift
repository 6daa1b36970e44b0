import Testing

@testable import AgoraRunner

/// Which user and group a function's workers get (the sockets' modes are shown end to end).
@Suite struct RunnerOptionsTests {
    let options = RunnerOptions(manifestPath: "functions.json", socketDirectory: "/run/agora", binDirectory: "/bin")

    @Test func runAs_IsSetOnlyByARootRunner_ForAFunctionWithAUser() {
        #expect(options.runAs(user: nil, isRoot: true) == nil)
        #expect(options.runAs(user: "agora", isRoot: false) == nil)
    }

    @Test func runAs_TakesTheSocketGroup_ElseTheUsersOwnGroup() {
        var withGroup = options
        withGroup.socketGroup = "www-data"
        #expect(withGroup.runAs(user: "agora", isRoot: true) == "agora:www-data")
        #expect(options.runAs(user: "nobody", isRoot: true) == "nobody:nogroup")
    }

    @Test func socketGroupID_OfAnUnknownGroup_IsAnError() throws {
        var unknown = options
        unknown.socketGroup = "agora-no-such-group"
        #expect(throws: (any Error).self) { try unknown.socketGroupID() }
        #expect(try options.socketGroupID() == nil)
    }
}
