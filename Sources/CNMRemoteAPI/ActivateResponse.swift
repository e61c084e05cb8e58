// The plugin handshake, `POST /Plugin.Activate`.
// Source: https://github.com/moby/moby/blob/v20.10.24/pkg/plugins/plugins.go (Manifest)

/// The answer to `Plugin.Activate`: which plugin interfaces this socket serves.
public struct ActivateResponse: Codable, Sendable, Equatable {
    /// Interface names, e.g. `["NetworkDriver", "IpamDriver"]`.
    public var implements: [String]

    /// Creates a handshake answer.
    public init(implements: [String]) {
        self.implements = implements
    }

    enum CodingKeys: String, CodingKey {
        case implements = "Implements"
    }

    /// Decodes tolerantly: a missing list is empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        implements = try container.array(.implements)
    }
}

/// The interface names Docker matches in `Implements`.
public enum PluginInterface {
    /// `driverapi.NetworkPluginEndpointType`.
    public static let networkDriver = "NetworkDriver"
    /// `ipamapi.PluginEndpointType`.
    public static let ipamDriver = "IpamDriver"
}
