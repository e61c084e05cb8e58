// Locks for blocking code running on dedicated threads.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A plain mutex for short critical sections on dedicated threads.
public final class Lock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()

    public init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }

    /// Runs `body` with the lock held.
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}

/// Serialises operations per key (a network ID) while different keys run in parallel.
///
/// Docker sends calls for one network on several connections at once; each multi-step
/// operation (ADD, move, persist) must not interleave with another on the same network.
public final class KeyedLock: @unchecked Sendable {
    private final class Entry {
        var mutex = pthread_mutex_t()
        var users = 0
        init() { pthread_mutex_init(&mutex, nil) }
        deinit { pthread_mutex_destroy(&mutex) }
    }

    private let guardLock = Lock()
    private var entries: [String: Entry] = [:]

    public init() {}

    /// Runs `body` holding the lock for `key`; entries are dropped when unused.
    public func withLock<T>(_ key: String, _ body: () throws -> T) rethrows -> T {
        let entry = guardLock.withLock { () -> Entry in
            let entry = entries[key] ?? Entry()
            entries[key] = entry
            entry.users += 1
            return entry
        }
        pthread_mutex_lock(&entry.mutex)
        defer {
            pthread_mutex_unlock(&entry.mutex)
            guardLock.withLock {
                entry.users -= 1
                if entry.users == 0 { entries[key] = nil }
            }
        }
        return try body()
    }
}
