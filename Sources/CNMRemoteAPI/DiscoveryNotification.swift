// NetworkDriver.DiscoverNew / DiscoverDelete request.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/drivers/remote/api/api.go (DiscoveryNotification)

/// The body of `NetworkDriver.DiscoverNew` and `DiscoverDelete` (Go `DiscoveryNotification`).
///
/// Never sent to a local-scope driver outside swarm.
public struct DiscoveryNotification: Codable, Sendable, Equatable {
    /// `1` for node discovery, the only type Docker forwards.
    public var discoveryType: Int
    /// For node discovery `{"Address", "BindAddress", "Self"}`; `.null` when absent.
    public var discoveryData: JSONValue

    /// Creates a notification.
    public init(discoveryType: Int, discoveryData: JSONValue = .null) {
        self.discoveryType = discoveryType
        self.discoveryData = discoveryData
    }

    enum CodingKeys: String, CodingKey {
        case discoveryType = "DiscoveryType"
        case discoveryData = "DiscoveryData"
    }

    /// Decodes tolerantly: missing fields are zero values.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        discoveryType = try container.decodeIfPresent(Int.self, forKey: .discoveryType) ?? 0
        discoveryData = try container.decodeIfPresent(JSONValue.self, forKey: .discoveryData) ?? .null
    }
}
