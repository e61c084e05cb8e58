// What the dispatcher hands back to the HTTP layer for one plugin call.

/// The HTTP answer to one plugin call, plus the IDs it concerned, for logging.
public struct DispatchResult: Sendable, Equatable {
    /// The HTTP status: 200, 400 (bad request), 404 (unknown call) or 500 (driver error).
    public var status: Int
    /// The JSON body; never empty (at least `{}`).
    public var body: [UInt8]
    /// The call name without the leading slash, e.g. `"NetworkDriver.Join"`.
    public var call: String
    /// The request's `NetworkID`, when it had one.
    public var networkID: String?
    /// The request's `EndpointID`, when it had one.
    public var endpointID: String?
    /// The request's `PoolID`, when it had one.
    public var poolID: String?

    /// Creates a result.
    public init(
        status: Int, body: [UInt8], call: String, networkID: String? = nil, endpointID: String? = nil,
        poolID: String? = nil
    ) {
        self.status = status
        self.body = body
        self.call = call
        self.networkID = networkID
        self.endpointID = endpointID
        self.poolID = poolID
    }

    /// Log metadata: `("net", short ID)`, `("ep", short ID)` and `("pool", PoolID)` when present.
    public var logMetadata: [(String, String)] {
        var pairs: [(String, String)] = []
        if let networkID { pairs.append(("net", Self.shortID(networkID))) }
        if let endpointID { pairs.append(("ep", Self.shortID(endpointID))) }
        if let poolID { pairs.append(("pool", poolID)) }
        return pairs
    }

    /// The first 12 characters of a Docker ID, as `docker` prints them.
    public static func shortID(_ id: String) -> String {
        String(id.prefix(12))
    }
}
