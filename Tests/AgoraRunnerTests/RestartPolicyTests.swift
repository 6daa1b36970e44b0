import AgoraManifest
import Testing

@testable import AgoraRunner

/// A deterministic generator for jitter tests (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct RestartPolicyTests {
    @Test func delay_DoublesAfterEachFailure_UpToTheCap() {
        var policy = RestartPolicy()
        policy.baseDelay = 0.1
        policy.maxDelay = 1
        #expect(policy.delay(afterFailures: 0) == 0)
        #expect((1...6).map { policy.delay(afterFailures: $0) } == [0.1, 0.2, 0.4, 0.8, 1, 1])
        #expect(policy.delay(afterFailures: 500) == 1)
    }

    @Test func breaker_TripsAtTheThreshold() {
        var policy = RestartPolicy()
        policy.breakerThreshold = 3
        #expect(!policy.tripsBreaker(failures: 2))
        #expect(policy.tripsBreaker(failures: 3))
    }

    @Test func quota_AddsJitterWithinBounds_AndSpreadsWorkers() {
        var config = PoolConfig()
        config.maxRequests = 100
        config.maxRequestsJitter = 20
        var generator = SeededGenerator(state: 42)
        let quotas = (0..<200).compactMap { _ in config.requestQuota(using: &generator) }
        #expect(quotas.count == 200)
        #expect(quotas.allSatisfy { (100...120).contains($0) })
        #expect(Set(quotas).count > 10)  // not everyone recycles at once
    }

    @Test func quota_IsExact_WithoutJitter_AndAbsent_WhenRecyclingIsOff() {
        var config = PoolConfig()
        var generator = SeededGenerator(state: 1)
        config.maxRequests = 7
        config.maxRequestsJitter = 0
        #expect(config.requestQuota(using: &generator) == 7)
        config.maxRequests = 0
        #expect(config.requestQuota(using: &generator) == nil)
    }
}
