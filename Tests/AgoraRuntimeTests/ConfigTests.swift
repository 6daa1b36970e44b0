import Testing
@testable import AgoraRuntime

struct ConfigTests {
    static let valid = ["DATABASE_URL": "postgresql://localhost/agora", "JWT_SECRET": String(repeating: "k", count: 32)]

    @Test func fromEnvironment_ReadsValues_AndDefaults() throws {
        let config = try Config.fromEnvironment(Self.valid.merging(["VIDEO_MAX_BYTES": "1024", "LOG_LEVEL": "DEBUG"]) { $1 })
        #expect(config.databaseURL == "postgresql://localhost/agora")
        #expect(config.videoMaxBytes == 1024)
        #expect(config.logLevel == "debug")
        #expect(config.publicBaseURL == "http://127.0.0.1:8080")
        #expect(try Config.fromEnvironment(Self.valid).videoMaxBytes == 1 << 30)
    }

    @Test(arguments: ["DATABASE_URL", "JWT_SECRET"])
    func fromEnvironment_NamesTheMissingVariable(name: String) {
        var environment = Self.valid
        environment[name] = nil
        #expect(throws: ConfigError.missing(name)) { try Config.fromEnvironment(environment) }
        environment[name] = ""
        #expect(throws: ConfigError.missing(name)) { try Config.fromEnvironment(environment) }
    }

    @Test(arguments: [("JWT_SECRET", "short"), ("VIDEO_MAX_BYTES", "-1"), ("VIDEO_MAX_BYTES", "1GB"), ("LOG_LEVEL", "loud")])
    func fromEnvironment_RejectsInvalidValues(name: String, value: String) {
        var environment = Self.valid
        environment[name] = value
        #expect {
            try Config.fromEnvironment(environment)
        } throws: { error in
            guard case ConfigError.invalid(let named, _) = error else { return false }
            return named == name
        }
    }

    @Test func errorDescription_IsOneLine() {
        #expect(ConfigError.missing("JWT_SECRET").description == "missing required environment variable JWT_SECRET")
        #expect(!ConfigError.invalid("X", "why").description.contains("\n"))
    }
}
