import Glibc
import Testing

@testable import AgoraCore

/// The one POSIX layer: errors record errno and name what failed; the environment parser keeps
/// everything after the first `=`; a child's output and exit status come back whole.
struct PosixTests {
    @Test func readFile_ReturnsTheWholeFile() throws {
        let bytes = try Posix.readFile("/proc/self/status")
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("Name:"))
    }

    @Test func readFile_ThrowsAnErrorNamingThePathAndErrno_WhenTheFileIsMissing() {
        #expect(throws: SystemError("open /nonexistent/agora.json", code: 2)) {
            try Posix.readFile("/nonexistent/agora.json")
        }
        #expect(SystemError("open /x", code: 2).description == "open /x: No such file or directory")
    }

    @Test func listDirectory_ListsNamesWithoutDotEntries() throws {
        let names = try Posix.listDirectory("/proc/self")
        #expect(names.contains("status") && !names.contains(".") && !names.contains(".."))
        #expect(throws: SystemError.self) { try Posix.listDirectory("/nonexistent") }
    }

    @Test(arguments: [
        (["A=1", "B=x=y", "C=", "NOEQUALS", "=nokey", "A=2"], ["A": "2", "B": "x=y", "C": ""]),
        ([], [:]),
    ])
    func parseEnvironment_SplitsAtTheFirstEquals_AndSkipsEntriesWithoutAKey(entries: [String], expected: [String: String]) {
        #expect(Posix.parseEnvironment(entries) == expected)
    }

    @Test func environment_ReadsTheProcessEnvironment() throws {
        let path = try #require(Posix.environment()["PATH"])
        #expect(!path.isEmpty)
    }

    @Test func run_CapturesStdoutAndTheExitStatus() throws {
        let ok = try Posix.run("/bin/sh", arguments: ["-c", "printf 'a b'; exit 3"])
        #expect(ok.status == 3)
        #expect(ok.output == Array("a b".utf8))
        let killed = try Posix.run("/bin/sh", arguments: ["-c", "kill -9 $$"])
        #expect(killed.status == 128 + 9)
    }

    @Test func run_ThrowsWhenTheExecutableIsMissing() {
        #expect(throws: SystemError("spawn /nonexistent/agora-x", code: 2)) {
            try Posix.run("/nonexistent/agora-x")
        }
    }

    @Test func pipe_IsNotInheritedByAChild() throws {
        let (read, write) = try Posix.pipe()
        defer {
            close(read)
            close(write)
        }
        let listing = try Posix.run("/bin/sh", arguments: ["-c", "ls /proc/$$/fd"])
        let open = String(decoding: listing.output, as: UTF8.self).split(separator: "\n")
        #expect(open.contains("1") && !open.contains("\(read)") && !open.contains("\(write)"))
    }
}
