import AgoraCore
import AgoraManifest
import Glibc
import Testing

@testable import AgoraDeploy

/// Gathering runs `<bin-dir>/agora-<function> routes` for every function of the manifest; these
/// tests use small shell scripts in place of the function binaries.
struct RouteGatheringTests {
    /// A folder of fake `agora-<name>` executables, removed by `remove()`.
    struct FakeBinaries {
        let directory: String

        init() throws {
            var template = Array("/tmp/agora-deploy-XXXXXX".utf8CString)
            let made = template.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
            }
            directory = try #require(made)
        }

        /// An `agora-<name>` that prints `output` for `routes` and exits with `status`.
        func add(_ name: String, printing output: String, status: Int = 0) {
            let path = "\(directory)/agora-\(name)"
            let script = "#!/bin/sh\n[ \"$1\" = routes ] || exit 64\ncat <<'EOF'\n\(output)\nEOF\nexit \(status)\n"
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
            _ = Array(script.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }

        func remove() {
            for name in (try? Posix.listDirectory(directory)) ?? [] { unlink("\(directory)/\(name)") }
            rmdir(directory)
        }
    }

    static func manifest(_ names: [String]) throws -> Manifest {
        let functions = names.map { "\"\($0)\":{}" }.joined(separator: ",")
        return try Manifest.parse(Array("{\"functions\":{\(functions)}}".utf8))
    }

    @Test func gather_RunsEachFunctionsBinary() throws {
        let bin = try FakeBinaries()
        defer { bin.remove() }
        bin.add("a", printing: #"[{"method":"GET","path":"/api/a/"},{"method":"DELETE","path":"/api/a/{id}/"}]"#)
        bin.add("b", printing: #"[{"method":"POST","path":"/api/b/"}]"#)
        let table = try RouteTable.gather(try Self.manifest(["a", "b"]), binDirectory: bin.directory)
        #expect(table.functions == ["a", "b"])
        #expect(table.routes(of: "a") == [FunctionRoute(method: "GET", path: "/api/a/"),
                                          FunctionRoute(method: "DELETE", path: "/api/a/{id}/")])
        #expect(table.routes(of: "b") == [FunctionRoute(method: "POST", path: "/api/b/")])
    }

    @Test func gather_NamesAFunctionWhoseBinaryIsMissing() throws {
        let bin = try FakeBinaries()
        defer { bin.remove() }
        bin.add("a", printing: "[]")
        #expect(throws: RouteTableError("function \"b\": no executable \(bin.directory)/agora-b (build it, or point "
            + "--bin-dir or AGORA_BIN_DIR at the folder of the agora binaries)")) {
            try RouteTable.gather(try Self.manifest(["a", "b"]), binDirectory: bin.directory)
        }
    }

    @Test func gather_NamesAFunctionWhoseBinaryFails() throws {
        let bin = try FakeBinaries()
        defer { bin.remove() }
        bin.add("a", printing: "[]", status: 3)
        #expect(throws: RouteTableError("function \"a\": `\(bin.directory)/agora-a routes` exited with status 3")) {
            try RouteTable.gather(try Self.manifest(["a"]), binDirectory: bin.directory)
        }
    }

    @Test func nginxConfig_FailsWhenTwoFunctionsClaimARoute() throws {
        let bin = try FakeBinaries()
        defer { bin.remove() }
        bin.add("a", printing: #"[{"method":"GET","path":"/api/shared/{id}/"}]"#)
        bin.add("b", printing: #"[{"method":"PUT","path":"/api/shared/{pk}/"},{"method":"GET","path":"/api/b/"}]"#)
        let manifest = try Self.manifest(["a", "b"])
        let table = try RouteTable.gather(manifest, binDirectory: bin.directory)
        #expect(throws: RouteTableError(problems: ["/api/shared/{pk}/ is claimed by both a and b"])) {
            try NginxConfig(manifest: manifest, routes: table, listen: "127.0.0.1:1", socketDir: "/s", runtimeDir: "/r",
                            workerProcesses: 1)
        }
    }

    /// The real functions of the project, as built next to this test bundle: their routes meet
    /// without conflict and every one of them gets a location.
    @Test func projectFunctions_DeclareRoutesThatNginxCanServe() throws {
        let bin = Posix.executableDirectory()
        try #require(Posix.isExecutable(bin + "/agora-health"), "the function binaries are built by `swift build`")
        let manifest = try NginxConfigTests.projectManifest()
        let table = try RouteTable.gather(manifest, binDirectory: bin)
        #expect(table.functions == manifest.functions.map(\.name))
        #expect(table.routes(of: "health") == [FunctionRoute(method: "GET", path: "/api/health/")])
        #expect(table.routes(of: "chats").contains(FunctionRoute(method: "GET", path: "/api/chats/{id}/stream/",
                                                                 stream: "chat")))
        let text = try NginxConfig(manifest: manifest, routes: table, listen: "127.0.0.1:1", socketDir: "/s",
                                   runtimeDir: "/r", workerProcesses: 1).render()
        for function in manifest.functions {
            for route in table.routes(of: function.name) {
                let regex = route.stream == nil ? NginxConfig.regex(for: route.path)
                    : "\"\(NginxConfig.streamRegex(for: route.path))\""
                #expect(text.contains("location ~ \(regex) {"), "\(route)")
            }
        }
    }
}
