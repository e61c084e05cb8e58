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
    private func admit(_ fd: Int32) {
        let id = monitor.withLock { state -> Int? in
            guard state.phase == .running, state.connections.count < limits.maxConnections else { return nil }
            state.nextID += 1
            state.connections[state.nextID] = ServerState.Connection(fd: fd, handling: false)
            return state.nextID
        }
        guard let id else {
            // Answer without reading the request: a full server must not spend a thread here.
            let response = handler.malformed(HTTPParseError(status: 503, message: "server is at its connection limit"))
            _ = UnixSocket.sendAll(fd, HTTPResponseEncoder.encode(response, close: true), flags: Int32(MSG_DONTWAIT))
            close(fd)
            logger.warn("connection refused", [("socket", path), ("limit", "\(limits.maxConnections)")])
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
}
