// NetworkDriver.CreateEndpoint request.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/drivers/remote/api/api.go (CreateEndpointRequest)

/// The body of `NetworkDriver.CreateEndpoint` (Go `CreateEndpointRequest`).
public struct CreateEndpointRequest: Codable, Sendable, Equatable {
    /// The network ID. Required.
    public var networkID: String
    /// The 64-hex endpoint ID. Required.
    public var endpointID: String
    /// What Docker (its IPAM) already assigned. Always an object on 20.10;
    /// decoded as empty when null or absent.
    public var interface: EndpointInterface
    /// The endpoint's generic options; see the typed accessors. `null` decodes as empty.
    public var options: [String: JSONValue]

    /// Creates a request.
    public init(
        networkID: String, endpointID: String, interface: EndpointInterface = .init(),
        options: [String: JSONValue] = [:]
    ) {
        self.networkID = networkID
        self.endpointID = endpointID
        self.interface = interface
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case networkID = "NetworkID"
        case endpointID = "EndpointID"
        case interface = "Interface"
        case options = "Options"
    }

    /// Decodes tolerantly; only the IDs are required.
    ///
    /// - Throws: `DecodingError` when an ID is missing or a field has the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        networkID = try container.requiredString(.networkID)
        endpointID = try container.requiredString(.endpointID)
        interface = try container.decodeIfPresent(EndpointInterface.self, forKey: .interface) ?? .init()
        options = try container.object(.options)
    }

    /// Encodes all four keys, as Docker sends them (the interface with only its set fields).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(networkID, forKey: .networkID)
        try container.encode(endpointID, forKey: .endpointID)
        try container.encode(interface, forKey: .interface)
        try container.encode(options, forKey: .options)
    }
}

extension CreateEndpointRequest {
    /// `-p` bindings from `com.docker.network.portmap`; `[]` when absent (internal networks).
    public var portMappings: [PortBinding] { options.portBindings }

    /// Exposed ports from `com.docker.network.endpoint.exposedports`.
    public var exposedPorts: [TransportPort] { options.transportPorts }

    /// The user's `--mac-address` from `com.docker.network.endpoint.macaddress`, as `"aa:bb:…"`.
    ///
    /// Docker sends it as base64 of the raw bytes (`"AkIK1QBj"` for `02:42:0a:d5:00:63`);
    /// a value already in colon form is passed through lower-cased. `nil` when absent
    /// or undecodable.
    public var macAddressOption: String? {
        options[OptionKey.macAddress]?.stringValue.flatMap(MACAddress.normalize)
    }

    /// `com.docker.network.endpoint.ifname` (28.x `--driver-opt`), the requested interface name.
    public var interfaceNameOption: String? {
        options[OptionKey.interfaceName]?.stringValue
    }

    /// `com.docker.network.endpoint.dnsservers`; `[]` when absent.
    public var dnsServers: [String] {
        options[OptionKey.dnsServers]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Top-level string options other than Docker's own MAC option: the user's
    /// `--driver-opt k=v` pairs (including `com.docker.network.endpoint.ifname`).
    public var driverOptions: [String: String] {
        options.filter { $0.key != OptionKey.macAddress }.compactMapValues(\.stringValue)
    }
}
