// The mutable bookkeeping of a UnixHTTPServer, kept behind its Monitor.

/// Everything threads of one server share; only touched with the monitor held.
struct ServerState {
    /// Where the server is in its life.
    enum Phase {
        case created
        case running
        case stopping
        case stopped
    }

    /// One open connection.
    struct Connection {
        /// The connected socket; only the connection's own thread closes it.
        var fd: Int32
        /// True while the handler runs and its response is written: shutdown waits for these.
        var handling: Bool
    }

    var phase = Phase.created
    var listenFD: Int32 = -1
    var acceptRunning = false
    var nextID = 0
    var connections: [Int: Connection] = [:]

    /// Connections whose handler is running.
    var inFlight: Int { connections.values.filter(\.handling).count }
}
