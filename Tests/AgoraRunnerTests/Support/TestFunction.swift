import Glibc

/// The test-only FastCGI function `agora-testfn`, built next to the test bundle.
enum TestFunction {
    /// The directory of the running test bundle, where SwiftPM puts the products it built.
    static let buildDirectory: String = {
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = readlink("/proc/self/exe", &buffer, 4096)
        guard count > 0 else { return "." }
        let path = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }()

    static var binary: String { buildDirectory + "/agora-testfn" }

    static var isBuilt: Bool { access(binary, X_OK) == 0 }

    /// What the function needs to start (no database is touched by its routes).
    static let environment = [
        "DATABASE_URL": "postgres://agora@127.0.0.1:1/unused",
        "JWT_SECRET": String(repeating: "t", count: 40),
        "LOG_LEVEL": "warning",
    ]
}
