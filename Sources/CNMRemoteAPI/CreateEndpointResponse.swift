// NetworkDriver.CreateEndpoint response.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/drivers/remote/api/api.go (CreateEndpointResponse)

/// The answer to `NetworkDriver.CreateEndpoint` (Go `CreateEndpointResponse`).
///
/// Fill in only what Docker sent empty (e.g. the address on a `--ipam-driver null`
/// network, or a MAC); echoing anything Docker supplied rolls the endpoint back.
public struct CreateEndpointResponse: Codable, Sendable, Equatable {
    /// Addresses the driver chose; `nil` or empty means "nothing to add".
    public var interface: EndpointInterface?

    /// Creates a response; the default adds nothing and encodes as `{}`.
    public init(interface: EndpointInterface? = nil) {
        self.interface = interface
    }

    enum CodingKeys: String, CodingKey {
        case interface = "Interface"
    }

    /// Decodes tolerantly: a missing or null interface is `nil`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        interface = try container.decodeIfPresent(EndpointInterface.self, forKey: .interface)
    }

    /// Encodes `Interface` with only its non-empty fields, or `{}` when there are none.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let interface, !interface.isEmpty {
            try container.encode(interface, forKey: .interface)
        }
    }
}
