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
    /// Most connections served at once; more are answered 503 and closed.
    public var maxConnections: Int
    /// Seconds a keep-alive connection may wait for the first byte of its next request.
    public var idleTimeout: Double
    /// Seconds a started request has to arrive completely, against slow senders; also
    /// bounds writing a response to a peer that stopped reading.
    public var requestTimeout: Double

    /// Creates limits; every parameter has a production default.
    /// - Parameters:
    ///   - maxHeaderBytes: header block limit in bytes (80 KiB).
    ///   - maxBodyBytes: body limit in bytes (1 MiB).
    ///   - maxConnections: concurrent connection limit (512).
    ///   - idleTimeout: keep-alive idle seconds (120).
    ///   - requestTimeout: seconds for a started request to complete (10).
    public init(
        maxHeaderBytes: Int = 80 * 1024,
        maxBodyBytes: Int = 1024 * 1024,
        maxConnections: Int = 512,
        idleTimeout: Double = 120,
        requestTimeout: Double = 10
    ) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
    }
}
