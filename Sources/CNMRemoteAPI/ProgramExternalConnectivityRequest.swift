// NetworkDriver.ProgramExternalConnectivity request.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/drivers/remote/api/api.go (ProgramExternalConnectivityRequest)

/// The body of `NetworkDriver.ProgramExternalConnectivity` (Go `ProgramExternalConnectivityRequest`).
///
/// Sent only for a sandbox's gateway endpoint; this is where port publishing belongs.
public struct ProgramExternalConnectivityRequest: Codable, Sendable, Equatable {
    /// The network ID. Required.
    public var networkID: String
    /// The endpoint ID. Required.
    public var endpointID: String
    /// The sandbox labels (exposed ports and port map); `null` decodes as empty.
    public var options: [String: JSONValue]

    /// Creates a request.
    public init(networkID: String, endpointID: String, options: [String: JSONValue] = [:]) {
        self.networkID = networkID
        self.endpointID = endpointID
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case networkID = "NetworkID"
        case endpointID = "EndpointID"
        case options = "Options"
    }

    /// Decodes tolerantly; only the IDs are required.
    ///
    /// - Throws: `DecodingError` when an ID is missing or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        networkID = try container.requiredString(.networkID)
        endpointID = try container.requiredString(.endpointID)
        options = try container.object(.options)
    }
}

extension ProgramExternalConnectivityRequest {
    /// `-p` bindings from `com.docker.network.portmap`.
    public var portMappings: [PortBinding] { options.portBindings }

    /// Exposed ports from `com.docker.network.endpoint.exposedports`.
    public var exposedPorts: [TransportPort] { options.transportPorts }
}
