// swift-tools-version:6.0
import PackageDescription

/// Every function of `functions.json` is one executable named `agora-<function>`.
let functions = ["health", "auth", "users", "blogs", "forums", "jobs", "internships", "courses", "quizzes", "chats", "videos"]

/// Modules that several functions share, by function: jobs and internships are two boards of one
/// postings module, each function configuring it (its own names, tables and deployment).
let sharedModules: [String: [Target.Dependency]] = ["jobs": ["AgoraPostings"], "internships": ["AgoraPostings"],
                                                   "videos": ["CMediaIO"]]

var targets: [Target] = [
    // System libraries from Debian (-dev packages); the shims only include headers.
    .systemLibrary(name: "CFastCGI", pkgConfig: "fcgi", providers: [.apt(["libfcgi-dev"])]),
    .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
    .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    .systemLibrary(name: "CArgon2", pkgConfig: "libargon2", providers: [.apt(["libargon2-dev"])]),

    // memmem and copy_file_range (GNU extensions) for the videos function's uploads.
    .target(name: "CMediaIO"),
    // The per-worker shared-memory scoreboard (state and counters) the runner and workers share.
    // DWARF 4 like the Swift modules: valgrind 3.19 (Debian 12), which bench/profile.sh runs,
    // gives up on a binary with a DWARF 5 unit in it.
    .target(name: "CScoreboard", cSettings: [.unsafeFlags(["-gdwarf-4"])]),

    // The core: no C dependency, so its tests build without libfcgi or libpq.
    .target(name: "AgoraCore"),
    // Thin modules that alone import the C modules.
    .target(name: "AgoraCrypto", dependencies: ["AgoraCore", "COpenSSL", "CArgon2"]),
    .target(name: "AgoraPostgres", dependencies: ["AgoraCore", "CLibPQ"]),
    .target(name: "AgoraFastCGI", dependencies: ["AgoraCore", "CFastCGI"]),
    // One JSON line per log event, for the runner and every worker.
    .target(name: "AgoraLogging", dependencies: ["AgoraCore", .product(name: "Logging", package: "swift-log")]),
    // Entry modes, configuration, logging: what every function's main.swift calls.
    .target(name: "AgoraRuntime", dependencies: [
        "AgoraCore", "AgoraCrypto", "AgoraPostgres", "AgoraFastCGI", "AgoraLogging", "CScoreboard",
        .product(name: "Logging", package: "swift-log"),
    ]),
    // functions.json, parsed and validated once for every reader (runner, nginx, checks).
    .target(name: "AgoraManifest", dependencies: ["AgoraCore"]),
    // The process manager (never runs handler code, never holds a database connection).
    .target(name: "AgoraRunner", dependencies: [
        "AgoraCore", "AgoraManifest", "AgoraLogging", "CScoreboard", .product(name: "Logging", package: "swift-log"),
    ]),
    // In-process handler tests: a function's pipeline against the test database, no server.
    .target(name: "AgoraTesting", dependencies: ["AgoraCore", "AgoraRuntime", "AgoraPostgres", "AgoraCrypto"]),
    // Postings (jobs, internships): the routes, handlers and documentation of one board, which a
    // function configures with its names.
    .target(name: "AgoraPostings", dependencies: ["AgoraCore", "AgoraRuntime", "AgoraPostgres"]),
    // The functions' routes, gathered from their binaries; the nginx configuration generator.
    .target(name: "AgoraDeploy", dependencies: ["AgoraCore", "AgoraManifest"]),
    .executableTarget(name: "agora", dependencies: [
        "AgoraCore", "AgoraManifest", "AgoraDeploy", "AgoraRuntime", "AgoraRunner", "AgoraPostgres", "AgoraCrypto", "AgoraAuth",
        "AgoraVideos", .product(name: "ArgumentParser", package: "swift-argument-parser"),
    ]),

    .testTarget(name: "AgoraCoreTests", dependencies: ["AgoraCore"]),
    .testTarget(name: "AgoraFastCGITests", dependencies: ["AgoraFastCGI"]),
    .testTarget(name: "AgoraCryptoTests", dependencies: ["AgoraCrypto", "AgoraCore"]),
    .testTarget(name: "AgoraManifestTests", dependencies: ["AgoraManifest", "AgoraCore"]),
    .testTarget(name: "AgoraDeployTests", dependencies: ["AgoraDeploy", "AgoraManifest", "AgoraCore"]),
    .testTarget(name: "AgoraRunnerTests", dependencies: ["AgoraRunner", "AgoraManifest", "AgoraCore", "AgoraLogging"]),
    .testTarget(name: "AgoraPostgresTests", dependencies: ["AgoraPostgres", "AgoraCore"]),
    .testTarget(name: "AgoraRuntimeTests", dependencies: [
        "AgoraRuntime", "AgoraCore", "AgoraHealth", "AgoraAuth", "AgoraUsers",
        "AgoraBlogs", "AgoraForums", .product(name: "Logging", package: "swift-log"),
    ]),
    // One in-process suite, parameterised, for every function that serves a postings board.
    .testTarget(name: "AgoraPostingsTests", dependencies: [
        "AgoraPostings", "AgoraJobs", "AgoraInternships", "AgoraTesting", "AgoraRuntime", "AgoraCore", "AgoraPostgres",
    ]),
]

for function in functions {
    let library = "Agora" + function.prefix(1).uppercased() + function.dropFirst()
    // AgoraAuth's common-password list is a text file that a build-tool plugin compiles in.
    let passwordList = function == "auth"
    targets.append(.target(
        name: library, dependencies: ["AgoraCore", "AgoraRuntime", "AgoraPostgres", "AgoraCrypto"] + (sharedModules[function] ?? []),
        exclude: passwordList ? ["common-passwords.txt"] : [],
        plugins: passwordList ? ["CommonPasswords"] : []))
    targets.append(.executableTarget(name: "agora-\(function)", dependencies: [.target(name: library), "AgoraRuntime"]))
    // Its handlers tested in-process (Tests/<library>Tests).
    targets.append(.testTarget(name: library + "Tests", dependencies: [
        .target(name: library), "AgoraTesting", "AgoraRuntime", "AgoraCore", "AgoraPostgres",
    ]))
}

// Build time only: common-passwords.txt becomes one Swift string literal (standard library only).
targets.append(.executableTarget(name: "common-passwords-generator"))
targets.append(.plugin(name: "CommonPasswords", capability: .buildTool(), dependencies: ["common-passwords-generator"],
                          path: "Sources/CommonPasswordsPlugin"))

// Test-only: a function with slow, crashing and memory-hungry routes (functions.test.json).
targets.append(.executableTarget(name: "agora-testfn", dependencies: ["AgoraRuntime", "AgoraCore"]))

let package = Package(
    name: "Agora",
    platforms: [.macOS(.v14)],
    products: functions.map { .executable(name: "agora-\($0)", targets: ["agora-\($0)"]) }
        + [.executable(name: "agora", targets: ["agora"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: targets
)
