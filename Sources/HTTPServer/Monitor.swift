// A mutex-protected value with a condition variable, for waits with deadlines.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

import AdapterOS

/// Guards `State` and lets threads wait, with a monotonic deadline, for it to change.
///
/// AdapterOS's `Lock` has no condition variable; shutdown must wait for connections
/// to drain without polling.
final class Monitor<State>: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var cond = pthread_cond_t()
    private var state: State

    init(_ state: State) {
        self.state = state
        pthread_mutex_init(&mutex, nil)
        var attr = pthread_condattr_t()
        pthread_condattr_init(&attr)
        // Deadlines are monotonic: a wall-clock jump must not stretch or cut a grace period.
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)
        pthread_cond_init(&cond, &attr)
        pthread_condattr_destroy(&attr)
    }

    deinit {
        pthread_cond_destroy(&cond)
        pthread_mutex_destroy(&mutex)
    }

    /// Runs `body` on the state with the lock held, then wakes all waiters.
    func withLock<T>(_ body: (inout State) throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer {
            pthread_cond_broadcast(&cond)
            pthread_mutex_unlock(&mutex)
        }
        return try body(&state)
    }

    /// Blocks until `condition` holds or `deadline` (monotonic seconds) passes.
    /// - Returns: whether the condition held.
    func wait(until deadline: Double, _ condition: (State) -> Bool) -> Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while !condition(state) {
            let left = deadline - monotonicSeconds()
            if left <= 0 { return false }
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let total = Double(now.tv_nsec) / 1e9 + min(left, 1e6)
            var until = timespec()
            until.tv_sec = now.tv_sec + Int(total)
            until.tv_nsec = Int((total - total.rounded(.down)) * 1e9)
            _ = pthread_cond_timedwait(&cond, &mutex, &until)
        }
        return true
    }
}
