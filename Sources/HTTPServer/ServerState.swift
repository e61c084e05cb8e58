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
        /// True while the handler runs and its response is written: shutdown waits for these,
        /// and they are never evicted.
        var handling = false
        /// Requests answered so far; a connection that completed one is presumed well-behaved.
        var served = 0
        /// True when no part of a request is buffered (between requests).
        var idle = true
        /// Monotonic seconds of the accept.
        var accepted: Double
        /// Monotonic seconds of the last bytes received or response sent (accept time at first).
        var lastActivity: Double
        /// Shut down to make room for a new connection; its thread is on its way out.
        var evicted = false

        init(fd: Int32, now: Double) {
            self.fd = fd
            self.accepted = now
            self.lastActivity = now
        }
    }

    var phase = Phase.created
    var listenFD: Int32 = -1
    var acceptRunning = false
    var nextID = 0
    var connections: [Int: Connection] = [:]
    /// Connections refused with 503 since the last "connection refused" log line.
    var refusedSinceLog = 0
    /// When that line was last written (monotonic seconds); it is written at most once a second.
    var lastRefusalLog = -Double.infinity

    /// Connections whose handler is running.
    var inFlight: Int { connections.values.filter(\.handling).count }

    /// Connections not yet evicted: what `HTTPLimits.maxConnections` counts.
    var live: Int { connections.values.filter { !$0.evicted }.count }

    /// What admitting one more connection at the limit may do.
    enum Eviction: Equatable {
        /// Shut this connection down and take its place.
        case evict(Int)
        /// The only candidates are newer than the grace period; try again shortly.
        case wait
        /// Every connection is busy; refuse the new one.
        case refuse
    }

    /// Picks the connection to shut down so that a new one can be served.
    ///
    /// Never one that is handling a request. First a connection that has not completed a single
    /// request (garbage, half a request, or nothing at all: what a flood looks like), connected
    /// longest first, but only once it has had `grace` seconds to send its request: a client that
    /// connects and sends at once (Docker) is never cut before its request is read, and a flood
    /// is throttled to the rate at which its own connections age. Then, only when there is no such
    /// connection at all, an idle kept-alive one, least recently active first. A connection that
    /// has been served and is receiving its next request is left alone: its request timeout
    /// bounds it.
    func evictionCandidate(now: Double, grace: Double) -> Eviction {
        var oldestUnserved: (id: Int, accepted: Double)?
        var leastRecentIdle: (id: Int, activity: Double)?
        for (id, connection) in connections where !connection.handling && !connection.evicted {
            if connection.served == 0 {
                if oldestUnserved.map({ connection.accepted < $0.accepted }) ?? true {
                    oldestUnserved = (id, connection.accepted)
                }
            } else if connection.idle {
                if leastRecentIdle.map({ connection.lastActivity < $0.activity }) ?? true {
                    leastRecentIdle = (id, connection.lastActivity)
                }
            }
        }
        if let oldestUnserved { return now - oldestUnserved.accepted >= grace ? .evict(oldestUnserved.id) : .wait }
        if let leastRecentIdle { return .evict(leastRecentIdle.id) }
        return .refuse
    }
}
