// Size and time limits that keep one client from exhausting the daemon.

/// Limits enforced by `HTTPRequestDecoder` (sizes) and `UnixHTTPServer` (connections, times).
///
/// Defaults follow swift-nio (80 KiB header block) and are far above what Docker sends
/// (a few hundred bytes of headers and a few KiB of JSON).
public struct HTTPLimits: Sendable, Equatable {
    /// Largest request line plus header block, terminator included; larger gets 431.
    public var maxHeaderBytes: Int
    /// Largest request body (after chunked decoding); larger gets 413.
    public var maxBodyBytes: Int
    /// Most connections served at once. At the limit a new connection replaces one that is
    /// not handling a request (first one that never completed a request, then an idle one, least
    /// recently active first); only when none can go is it answered 503 and closed.
    public var maxConnections: Int
    /// Seconds a keep-alive connection may wait for the first byte of its next request.
    public var idleTimeout: Double
    /// Seconds a new connection is safe from eviction, to send its first request; at the
    /// connection limit it also throttles a flood to `maxConnections` new connections per grace.
    public var evictionGrace: Double
    /// Seconds a started request has to arrive completely, against slow senders. A new
    /// connection's first request counts from accept; later ones from their first byte. Also
    /// bounds how long sending a response may block on a client that does not read.
    public var requestTimeout: Double

    /// Creates limits; every parameter has a production default.
    /// - Parameters:
    ///   - maxHeaderBytes: header block limit in bytes (80 KiB).
    ///   - maxBodyBytes: body limit in bytes (1 MiB).
    ///   - maxConnections: concurrent connection limit (512).
    ///   - idleTimeout: keep-alive idle seconds (120).
    ///   - requestTimeout: seconds for a started request to complete (10).
    ///   - evictionGrace: seconds a new connection cannot be evicted (0.25).
    public init(
        maxHeaderBytes: Int = 80 * 1024,
        maxBodyBytes: Int = 1024 * 1024,
        maxConnections: Int = 512,
        idleTimeout: Double = 120,
        requestTimeout: Double = 10,
        evictionGrace: Double = 0.25
    ) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.evictionGrace = evictionGrace
    }
}
