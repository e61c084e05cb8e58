// One connection's thread: read, decode, handle, write, until close or timeout.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

import AdapterOS

extension UnixHTTPServer {
    /// Serves requests on `fd` until the peer closes, a timeout, an error, or shutdown.
    func serve(_ fd: Int32, id: Int) {
        defer {
            // Unregister before close so shutdown never calls shutdown(2) on a reused fd number.
            monitor.withLock { _ = $0.connections.removeValue(forKey: id) }
            close(fd)
        }
        UnixSocket.setSendTimeout(fd, seconds: limits.requestTimeout)
        var decoder = HTTPRequestDecoder(limits: limits)
        var chunk = [UInt8](repeating: 0, count: 65536)
        var lastActivity = monotonicSeconds()
        // The first request is due requestTimeout after accept: Docker connects when it has a
        // request to send, and a connection that sends nothing must not hold a slot for the
        // whole idle timeout.
        var requestStarted: Double? = lastActivity

        while true {
            // 1. Answer every complete request already buffered (pipelining).
            switch decoder.next() {
            case .request(let request):
                guard beginHandling(id) else { return }
                var response = handler.handle(request)
                let close = !request.keepAlive || response.closesConnection || isStopping
                // An HTTP/1.0 client keeps the connection only if the response says so (RFC 9112 §9.3).
                if !close && request.version.minor == 0 && response.header("connection") == nil {
                    response.headers.append(("Connection", "keep-alive"))
                }
                let sent = UnixSocket.sendAll(fd, HTTPResponseEncoder.encode(response, close: close))
                lastActivity = monotonicSeconds()
                let running = endHandling(id, idle: decoder.isIdle, at: lastActivity)
                if !sent || close || !running { return }
                requestStarted = decoder.isIdle ? nil : lastActivity
                continue
            case .error(let error):
                logger.debug("malformed request", [("status", "\(error.status)"), ("reason", error.message)])
                _ = UnixSocket.sendAll(fd, HTTPResponseEncoder.encode(handler.malformed(error), close: true))
                return
            case .needMore:
                break
            }

            // 2. Wait for more bytes: a started request has requestTimeout, an idle connection idleTimeout.
            let deadline = requestStarted.map { $0 + limits.requestTimeout } ?? lastActivity + limits.idleTimeout
            guard UnixSocket.waitReadable(fd, until: deadline) else {
                logger.debug(requestStarted == nil ? "idle connection timed out" : "request timed out")
                return
            }
            let count = chunk.withUnsafeMutableBytes { buffer in
                (try? syscall("recv") { recv(fd, buffer.baseAddress, buffer.count, 0) }) ?? -1
            }
            // EOF or a reset peer: nothing left to answer.
            if count <= 0 { return }
            lastActivity = monotonicSeconds()
            if requestStarted == nil { requestStarted = lastActivity }
            decoder.feed(chunk[0..<count])
            noteReceived(id, at: lastActivity)
        }
    }

    /// Marks the connection busy; false when shutdown has begun or the connection was evicted
    /// (the request is dropped: its socket is already shut down).
    private func beginHandling(_ id: Int) -> Bool {
        monitor.withLock { state in
            guard state.phase == .running, let connection = state.connections[id], !connection.evicted else { return false }
            state.connections[id]?.handling = true
            return true
        }
    }

    /// Marks the connection not busy, one more request served, for eviction's ranking; false
    /// when shutdown has begun meanwhile.
    ///
    /// Shutdown only cuts connections that are not handling, under the same lock, so a
    /// connection that was handling when it began must notice here and close itself.
    private func endHandling(_ id: Int, idle: Bool, at now: Double) -> Bool {
        monitor.withLock { state in
            state.connections[id]?.handling = false
            state.connections[id]?.served += 1
            state.connections[id]?.idle = idle
            state.connections[id]?.lastActivity = now
            return state.phase == .running
        }
    }

    /// Records received bytes: the connection is inside a request now, and active.
    private func noteReceived(_ id: Int, at now: Double) {
        monitor.withLock { state in
            state.connections[id]?.idle = false
            state.connections[id]?.lastActivity = now
        }
    }

    /// Whether shutdown has begun; a response then carries `Connection: close`.
    private var isStopping: Bool {
        monitor.withLock { $0.phase != .running }
    }
}
