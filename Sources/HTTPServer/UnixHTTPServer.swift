// An HTTP/1.1 server on a Unix socket, one thread per connection.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

import AdapterOS

/// Serves HTTP/1.1 on a Unix stream socket, calling an `HTTPHandler` for each request.
///
/// One thread per connection, because handlers block (netlink, exec of CNI plugins) and
/// Docker opens a few connections at once, not thousands. Thread-safe: all shared state
/// sits behind one monitor.
public final class UnixHTTPServer: @unchecked Sendable {
    /// The socket file path.
    public let path: String
    let mode: mode_t
    let group: gid_t?
    let limits: HTTPLimits
    let handler: any HTTPHandler
    let logger: Logger
    let monitor = Monitor(ServerState())

    /// Creates a server; nothing happens until `start()`.
    /// - Parameters:
    ///   - path: where the socket file is created, e.g. `/run/docker/plugins/cni.sock`.
    ///   - mode: permission bits of the socket file; connecting needs write permission.
    ///   - group: owner group of the socket file, or `nil` to keep the process's.
    ///   - limits: size, connection and time limits.
    ///   - handler: answers requests, on the connections' threads.
    ///   - logger: receives connection-level events.
    public init(
        path: String,
        mode: mode_t = 0o660,
        group: gid_t? = nil,
        limits: HTTPLimits = HTTPLimits(),
        handler: any HTTPHandler,
        logger: Logger
    ) {
        self.path = path
        self.mode = mode
        self.group = group
        self.limits = limits
        self.handler = handler
        self.logger = logger
    }

    /// Requests whose handler is running or whose response is being written.
    public var inFlight: Int { monitor.withLock { $0.inFlight } }

    /// Connections currently open (idle, reading or handling).
    public var openConnections: Int { monitor.withLock { $0.connections.count } }

    /// Creates the socket file and starts accepting connections on a background thread.
    /// - Throws: `SystemError` with the failing call's errno: `EADDRINUSE` when another
    ///   server answers on `path`, `EEXIST` when `path` is not a socket, `EALREADY` when
    ///   this server was already started.
    public func start() throws {
        try monitor.withLock { state in
            guard state.phase == .created else { throw SystemError("start \(path)", errno: EALREADY) }
            state.phase = .stopping  // Claimed; set to running below once listening.
        }
        do {
            let fd = try listen()
            monitor.withLock { state in
                state.listenFD = fd
                state.phase = .running
                state.acceptRunning = true
            }
            do {
                try startThread { [self] in acceptLoop(fd) }
            } catch {
                monitor.withLock { state in
                    state.acceptRunning = false
                    state.phase = .stopped
                }
                close(fd)
                unlinkSocket()
                throw error
            }
        } catch {
            monitor.withLock { $0.phase = .stopped }
            throw error
        }
        logger.info("listening", [("socket", path)])
    }

    /// Stops the server: no new connections, idle ones closed, in-flight requests finished.
    ///
    /// Returns once every connection has closed or `grace` seconds have passed; then any
    /// remaining connection is cut (its handler may still run, but cannot answer) and the
    /// socket file is removed. Calling it again, or before `start()`, does nothing.
    /// - Parameter grace: the most seconds to wait for in-flight requests.
    public func shutdown(grace: Double) {
        let listenFD = monitor.withLock { state -> Int32 in
            guard state.phase == .running else { return -1 }
            state.phase = .stopping
            // 1. Idle and half-read connections go now; the threads see EOF and exit.
            for connection in state.connections.values where !connection.handling {
                Glibc.shutdown(connection.fd, Int32(SHUT_RDWR))
            }
            return state.listenFD
        }
        guard listenFD >= 0 else { return }
        // 2. Wake the accept thread: accept on a shut-down listener fails with EINVAL. The
        //    fd is closed only after that thread has left accept, so its number cannot be reused under it.
        Glibc.shutdown(listenFD, Int32(SHUT_RDWR))
        _ = monitor.wait(until: .infinity) { !$0.acceptRunning }
        close(listenFD)

        // 3. Let handlers finish; each connection closes itself after its response.
        let drained = monitor.wait(until: monotonicSeconds() + grace) { $0.connections.isEmpty }
        if !drained {
            let left = monitor.withLock { state in
                for connection in state.connections.values { Glibc.shutdown(connection.fd, Int32(SHUT_RDWR)) }
                return state.connections.count
            }
            logger.warn("shutdown grace expired", [("socket", path), ("connections", "\(left)")])
        }

        // 4. Docker sees a missing socket as "plugin gone" rather than "connection refused".
        unlinkSocket()
        monitor.withLock { $0.phase = .stopped }
        logger.info("stopped", [("socket", path)])
    }

    /// Creates, binds and listens on the socket file.
    private func listen() throws -> Int32 {
        // 1. Replace a stale socket from a previous run, but never a live server or a non-socket.
        var info = stat()
        if lstat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFSOCK else {
                throw SystemError("\(path) exists and is not a socket", errno: EEXIST)
            }
            if UnixSocket.isLive(path) { throw SystemError("another server listens on \(path)", errno: EADDRINUSE) }
            try Files.remove(path)
        }
        // 2. Socket, with the mode set before bind so the file is never wider than asked.
        let fd = try syscall("socket \(path)") { socket(AF_UNIX, UnixSocket.streamCloexec, 0) }
        var bound = false
        do {
            try syscall("fchmod socket \(path)") { fchmod(fd, mode) }
            let rc = try UnixSocket.withAddress(path) { bind(fd, $0, $1) }
            if rc != 0 { throw SystemError.current("bind \(path)") }
            bound = true
            // 3. chmod again: bind applied the umask to the mode set above.
            try syscall("chmod \(path)") { chmod(path, mode) }
            if let group {
                try syscall("chown \(path)") { chown(path, uid_t.max, group) }
            }
            try syscall("listen \(path)") { Glibc.listen(fd, 128) }
            return fd
        } catch {
            close(fd)
            if bound { unlinkSocket() }
            throw error
        }
    }

    /// Removes the socket file if it is still a socket.
    private func unlinkSocket() {
        var info = stat()
        if lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK {
            unlink(path)
        }
    }
}
