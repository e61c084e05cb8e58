// NetworkDriver.AllocateNetwork request and response (swarm managers only).
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/drivers/remote/api/api.go (AllocateNetworkRequest, AllocateNetworkResponse)

/// The body of `NetworkDriver.AllocateNetwork` (Go `AllocateNetworkRequest`).
public struct AllocateNetworkRequest: Codable, Sendable, Equatable {
    /// The network ID. Required.
    public var networkID: String
    /// Driver options, string → string; `null` decodes as empty.
    public var options: [String: String]
    /// IPv4 pools.
    public var ipv4Data: [IPAMData]
    /// IPv6 pools.
    public var ipv6Data: [IPAMData]

    /// Creates a request.
    public init(networkID: String, options: [String: String] = [:], ipv4Data: [IPAMData] = [], ipv6Data: [IPAMData] = []) {
        self.networkID = networkID
        self.options = options
        self.ipv4Data = ipv4Data
        self.ipv6Data = ipv6Data
    }

    enum CodingKeys: String, CodingKey {
        case networkID = "NetworkID"
        case options = "Options"
        case ipv4Data = "IPv4Data"
        case ipv6Data = "IPv6Data"
    }

    /// Decodes tolerantly; only `NetworkID` is required.
    ///
    /// - Throws: `DecodingError` when `NetworkID` is missing or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        networkID = try container.requiredString(.networkID)
        options = try container.stringMap(.options)
        ipv4Data = try container.array(.ipv4Data)
        ipv6Data = try container.array(.ipv6Data)
    }
}

/// The answer to `NetworkDriver.AllocateNetwork` (Go `AllocateNetworkResponse`).
public struct AllocateNetworkResponse: Codable, Sendable, Equatable {
    /// Options to store with the network; always encoded, `{}` when empty.
    public var options: [String: String]

    /// Creates a response; the default is `{"Options": {}}`.
    public init(options: [String: String] = [:]) {
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case options = "Options"
    }

    /// Decodes tolerantly: a missing or null map is empty.
    public init(from decoder: any Decoder) throws {
        options = try decoder.container(keyedBy: CodingKeys.self).stringMap(.options)
    }
}
