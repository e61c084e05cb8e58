// Shared fixtures: temp directories, a test handler, a gate, bounded condition waits.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

import AdapterOS
import HTTPServer

/// Creates a fresh /tmp/cnia-http-test-XXXXXX directory, runs `body`, removes the directory.
func withTempDir<T>(_ body: (String) throws -> T) throws -> T {
    var template = Array("/tmp/cnia-http-test-XXXXXX".utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else {
        throw SystemError.current("mkdtemp")
    }
    let dir = String(cString: made)
    defer { try? Files.removeTree(dir) }
    return try body(dir)
}

/// Polls `condition` until it holds or `timeout` passes; a bounded wait on a real event.
func waitUntil(timeout: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = monotonicSeconds() + timeout
    while !condition() {
        if monotonicSeconds() > deadline { return false }
        usleep(1000)
    }
    return true
}

/// A one-way latch that a blocked handler waits on.
final class Gate: Sendable {
    private let box = ResultBox<Bool>()
    private let flag = Flag()
    func open() {
        flag.set()
        box.set(.success(true))
    }
    func wait() { _ = box.wait() }
}

/// A thread-safe boolean that is set once.
final class Flag: @unchecked Sendable {
    private let lock = Lock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// Echoes `METHOD target|body`; `/block` waits on the gate, `/close` asks to close.
struct EchoHandler: HTTPHandler {
    var gate = Gate()
    /// Set when a `/block` request reaches the handler.
    var entered = Flag()
    /// Set just before a `/block` response is returned.
    var finished = Flag()

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        if request.target == "/block" {
            entered.set()
            gate.wait()
            finished.set()
        }
        if request.target == "/close" { headers.append(("Connection", "close")) }
        let body = Array("\(request.method) \(request.target)|".utf8) + request.body
        return HTTPResponse(status: 200, headers: headers, body: body)
    }
}

/// Starts a server on a socket in a fresh temp dir, runs `body`, then shuts it down.
func withServer<T>(
    limits: HTTPLimits = HTTPLimits(),
    handler: EchoHandler = EchoHandler(),
    _ body: (UnixHTTPServer, String) throws -> T
) throws -> T {
    try withTempDir { dir in
        let path = dir + "/plugin.sock"
        let server = UnixHTTPServer(path: path, limits: limits, handler: handler, logger: Logger(level: .error))
        try server.start()
        defer { server.shutdown(grace: 5) }
        return try body(server, path)
    }
}

/// Runs `body` on a new thread; the box receives its result.
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> ResultBox<T> {
    let box = ResultBox<T>()
    try startThread { box.set(Result { try body() }) }
    return box
}
