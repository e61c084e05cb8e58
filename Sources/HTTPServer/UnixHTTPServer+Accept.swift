// The accept thread: admits connections and starts one thread for each.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

import AdapterOS

extension UnixHTTPServer {
    /// Accepts until the listener is shut down.
    func acceptLoop(_ listenFD: Int32) {
        defer { monitor.withLock { $0.acceptRunning = false } }
        while true {
            let fd = UnixSocket.accept(listenFD)
            if fd < 0 {
                let code = errno
                if monitor.withLock({ $0.phase != .running }) { return }
                switch code {
                case EINTR, ECONNABORTED, EAGAIN:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors or memory: back off instead of spinning on the error.
                    logger.error("accept failed", [("socket", path), ("errno", "\(code)")])
                    usleep(100_000)
                    continue
                default:
                    logger.error("accept failed; no longer accepting", [("socket", path), ("errno", "\(code)")])
                    return
                }
            }
            admit(fd)
        }
    }

    /// Registers `fd` and starts its thread, or refuses it when stopping or full.
    ///
    /// At `maxConnections` the new connection replaces one that is not handling a request
    /// (`ServerState.evictionCandidate`), so a flood of idle, garbage or half-sent connections
    /// cannot lock Docker out. While the only candidates are younger than `evictionGrace`, or
    /// evicted threads have not left yet, the accept thread waits (up to a second): the flood
    /// then queues in the listen backlog, in order with everyone else. Only when every
    /// connection is busy is the new one answered 503.
    private func admit(_ fd: Int32) {
        let now = monotonicSeconds()
        let deadline = now + 1
        // Evicted connections' threads leave within a wakeup; this bounds threads meanwhile.
        let threadCap = limits.maxConnections + limits.maxConnections / 4 + 1
        var id: Int?
        while true {
            enum Step { case admitted(Int), wait, refuse }
            let step = monitor.withLock { state -> Step in
                guard state.phase == .running else { return .refuse }
                guard state.connections.count < threadCap else { return .wait }
                if state.live >= limits.maxConnections {
                    switch state.evictionCandidate(now: monotonicSeconds(), grace: limits.evictionGrace) {
                    case .evict(let victim):
                        // Under the monitor, so the fd is still registered and cannot have been reused.
                        guard let victimFD = state.connections[victim]?.fd else { return .wait }
                        state.connections[victim]?.evicted = true
                        Glibc.shutdown(victimFD, Int32(SHUT_RDWR))
                    case .wait:
                        return .wait
                    case .refuse:
                        state.refusedSinceLog += 1
                        return .refuse
                    }
                }
                state.nextID += 1
                state.connections[state.nextID] = ServerState.Connection(fd: fd, now: monotonicSeconds())
                return .admitted(state.nextID)
            }
            switch step {
            case .admitted(let admitted): id = admitted
            case .refuse: break
            case .wait:
                if monotonicSeconds() < deadline {
                    usleep(2_000)
                    continue
                }
                monitor.withLock { $0.refusedSinceLog += 1 }
            }
            break
        }
        guard let id else {
            // Answer without reading the request: a full server must not spend a thread here.
            let response = handler.malformed(HTTPParseError(status: 503, message: "server is at its connection limit"))
            _ = UnixSocket.sendAll(fd, HTTPResponseEncoder.encode(response, close: true), flags: Int32(MSG_DONTWAIT))
            close(fd)
            logRefusal(now)
            return
        }
        do {
            try startThread { [self] in serve(fd, id: id) }
        } catch {
            monitor.withLock { _ = $0.connections.removeValue(forKey: id) }
            close(fd)
            logger.error("cannot start connection thread", [("socket", path), ("error", "\(error)")])
        }
    }

    /// Logs refusals at most once a second, with their count: a flood must not flood the log.
    private func logRefusal(_ now: Double) {
        let count = monitor.withLock { state -> Int in
            guard now - state.lastRefusalLog >= 1 else { return 0 }
            defer {
                state.refusedSinceLog = 0
                state.lastRefusalLog = now
            }
            return state.refusedSinceLog
        }
        guard count > 0 else { return }
        logger.warn("connections refused", [("socket", path), ("limit", "\(limits.maxConnections)"), ("count", "\(count)")])
    }
}
