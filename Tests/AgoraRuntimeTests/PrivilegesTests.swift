import Testing

@testable import AgoraRuntime

#if canImport(Glibc)
import Glibc
#endif

/// The worker's privilege drop refuses what it cannot do before changing anything (a successful
/// drop is shown end to end: the runner's workers run as their manifest users).
@Suite struct PrivilegesTests {
    @Test func drop_WithoutASpec_ChangesNothing() throws {
        #expect(try Privileges.drop(to: nil) == false)
        #expect(try Privileges.drop(to: "") == false)
    }

    @Test(.enabled(if: geteuid() == 0), arguments: ["agora", "agora:", ":www-data", "a:b:c"])
    func drop_RefusesAMalformedSpec(_ spec: String) {
        #expect(throws: Privileges.Failure.malformed(spec)) { try Privileges.drop(to: spec) }
        #expect(geteuid() == 0)
    }

    @Test(.enabled(if: geteuid() == 0))
    func drop_RefusesAnUnknownUserOrGroup_AndRoot() {
        #expect(throws: Privileges.Failure.unknownUser("agora-nobody-here")) {
            try Privileges.drop(to: "agora-nobody-here:nogroup")
        }
        #expect(throws: Privileges.Failure.unknownGroup("agora-no-group")) { try Privileges.drop(to: "nobody:agora-no-group") }
        #expect(throws: Privileges.Failure.refused("running as root")) { try Privileges.drop(to: "root:root") }
        #expect(geteuid() == 0)
    }
}
