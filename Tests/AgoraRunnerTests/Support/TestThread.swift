import Glibc

/// Runs a closure on its own POSIX thread, so that a blocking loop (the runner's) does not hold
/// one of the few threads of the Swift concurrency pool.
final class TestThread: @unchecked Sendable {
    private final class Body {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    private var handle = pthread_t()
    private var started = false

    init(_ work: @escaping () -> Void) {
        let body = Unmanaged.passRetained(Body(work)).toOpaque()
        started = pthread_create(&handle, nil, { raw in
            if let raw { Unmanaged<Body>.fromOpaque(raw).takeRetainedValue().work() }
            return nil
        }, body) == 0
    }

    func join() {
        guard started else { return }
        started = false
        pthread_join(handle, nil)
    }
}
