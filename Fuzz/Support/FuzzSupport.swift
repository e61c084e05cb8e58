// Helpers compiled into every fuzz target (scripts/fuzz.sh adds Fuzz/Support/*.swift).

#if canImport(Glibc)
import Glibc
#endif

/// Traps with `message` on stderr: -O drops precondition messages, and a reproducer needs one.
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

/// Runs `body` on a new thread with the 512 KiB stack of a server connection thread
/// (AdapterOS.startThread) and returns its result.
///
/// A stack overflow on such a thread kills the daemon; the fuzzer's own 8 MiB main thread
/// would hide it.
func onConnectionSizedThread<T>(_ body: @escaping () -> T) -> T {
    let box = ThreadBox(body)
    var attr = pthread_attr_t()
    pthread_attr_init(&attr)
    defer { pthread_attr_destroy(&attr) }
    pthread_attr_setstacksize(&attr, 512 * 1024)
    var thread = pthread_t()
    let raw = Unmanaged.passRetained(box as ThreadJob).toOpaque()
    let rc = pthread_create(&thread, &attr, { raw in
        guard let raw else { return nil }
        Unmanaged<ThreadJob>.fromOpaque(raw).takeRetainedValue().run()
        return nil
    }, raw)
    check(rc == 0, "pthread_create: \(rc)")
    pthread_join(thread, nil)
    guard let result = box.result else { fatalError("thread returned no result") }
    return result
}

/// What the thread entry calls; a class because the C callback cannot be generic.
private class ThreadJob {
    func run() {}
}

/// Carries a closure and its result across pthread_create, which takes one untyped pointer.
private final class ThreadBox<T>: ThreadJob {
    let body: () -> T
    var result: T?
    init(_ body: @escaping () -> T) { self.body = body }
    override func run() { result = body() }
}
