import Glibc

/// What a pool should do now: start workers, retire some idle ones.
struct ScalingPlan: Equatable {
    var spawn = 0
    var retire: [pid_t] = []
}
