import AgoraCore

/// The test-only FastCGI function `agora-testfn`, built next to the test bundle.
enum TestFunction {
    /// The directory of the running test bundle, where SwiftPM puts the products it built.
    static let buildDirectory = Posix.executableDirectory()

    static var binary: String { buildDirectory + "/agora-testfn" }

    static var isBuilt: Bool { Posix.isExecutable(binary) }

    /// What the function needs to start (no database is touched by its routes).
    static let environment = [
        "DATABASE_URL": "postgres://agora@127.0.0.1:1/unused",
        "JWT_SECRET": String(repeating: "t", count: 40),
        "LOG_LEVEL": "warning",
    ]
}
