// NetworkDriver.Join request.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/drivers/remote/api/api.go (JoinRequest)

/// The body of `NetworkDriver.Join` (Go `JoinRequest`).
public struct JoinRequest: Codable, Sendable, Equatable {
    /// The network ID. Required.
    public var networkID: String
    /// The endpoint ID. Required.
    public var endpointID: String
    /// Path of the sandbox netns bind mount, e.g. `/var/run/docker/netns/fcf2fdec58e4`.
    /// For `docker run` it does not exist yet at Join time (cnm-protocol.md §3.6).
    public var sandboxKey: String
    /// The sandbox labels (exposed ports and port map); `null` decodes as empty.
    public var options: [String: JSONValue]

    /// Creates a request.
    public init(networkID: String, endpointID: String, sandboxKey: String = "", options: [String: JSONValue] = [:]) {
        self.networkID = networkID
        self.endpointID = endpointID
        self.sandboxKey = sandboxKey
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case networkID = "NetworkID"
        case endpointID = "EndpointID"
        case sandboxKey = "SandboxKey"
        case options = "Options"
    }

    /// Decodes tolerantly; only the IDs are required.
    ///
    /// - Throws: `DecodingError` when an ID is missing or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        networkID = try container.requiredString(.networkID)
        endpointID = try container.requiredString(.endpointID)
        sandboxKey = try container.string(.sandboxKey)
        options = try container.object(.options)
    }
}

extension JoinRequest {
    /// `-p` bindings from `com.docker.network.portmap`.
    public var portMappings: [PortBinding] { options.portBindings }

    /// Exposed ports from `com.docker.network.endpoint.exposedports`.
    public var exposedPorts: [TransportPort] { options.transportPorts }
}
