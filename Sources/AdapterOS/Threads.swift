// Dedicated OS threads for blocking work (sockets, subprocesses, setns).
//
// Why not Swift concurrency: the cooperative pool has one thread per core (two here);
// blocking syscalls on it stall unrelated tasks (style-anchors §2.4). Foundation's Thread
// would pull all of Foundation (ICU, +44 MB) into the binary.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

private final class ThreadBody {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Starts `body` on a new detached POSIX thread.
/// - Throws: `SystemError` when the thread cannot be created.
public func startThread(_ body: @escaping @Sendable () -> Void) throws {
    var attr = pthread_attr_t()
    pthread_attr_init(&attr)
    defer { pthread_attr_destroy(&attr) }
    pthread_attr_setdetachstate(&attr, Int32(PTHREAD_CREATE_DETACHED))
    // 512 KiB is plenty for request handling and keeps 1,000 connections cheap.
    pthread_attr_setstacksize(&attr, 512 * 1024)
    let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    var thread = pthread_t()
    let rc = pthread_create(&thread, &attr, { raw in
        guard let raw else { return nil }
        let box = Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue()
        box.body()
        return nil
    }, box)
    if rc != 0 {
        Unmanaged<ThreadBody>.fromOpaque(box).release()
        throw SystemError("pthread_create", errno: rc)
    }
}

/// Runs `body` on a fresh thread and waits for its result.
///
/// Used for per-thread kernel state (`setns`, `unshare`): the thread is thrown away
/// afterwards, so a namespace switch can never leak into other work.
public func onFreshThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
    let box = ResultBox<T>()
    try startThread {
        let result = Result { try body() }
        box.set(result)
    }
    return try box.wait().get()
}

/// A one-shot, thread-safe result slot that one thread fills and another waits on.
public final class ResultBox<T: Sendable>: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var cond = pthread_cond_t()
    private var value: Result<T, any Error>?

    public init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&cond, nil)
    }

    deinit {
        pthread_cond_destroy(&cond)
        pthread_mutex_destroy(&mutex)
    }

    /// Stores the result and wakes the waiter. Later calls are ignored.
    public func set(_ result: Result<T, any Error>) {
        pthread_mutex_lock(&mutex)
        if value == nil { value = result }
        pthread_cond_broadcast(&cond)
        pthread_mutex_unlock(&mutex)
    }

    /// Blocks until a result is stored.
    public func wait() -> Result<T, any Error> {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while value == nil { pthread_cond_wait(&cond, &mutex) }
        // Safe: the loop above ends only when value is set.
        return value ?? .failure(SystemError("result box", errno: EINVAL))
    }
}
