// NetworkDriver.CreateNetwork request.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/drivers/remote/api/api.go (CreateNetworkRequest)

/// The body of `NetworkDriver.CreateNetwork` (Go `CreateNetworkRequest`).
public struct CreateNetworkRequest: Codable, Sendable, Equatable {
    /// The 64-hex network ID. Required.
    public var networkID: String
    /// The network's generic options; see the typed accessors. `null` decodes as empty.
    public var options: [String: JSONValue]
    /// IPv4 pools; `[]` for an IPv6-only network.
    public var ipv4Data: [IPAMData]
    /// IPv6 pools; `[]` unless `--ipv6`.
    public var ipv6Data: [IPAMData]

    /// Creates a request.
    public init(
        networkID: String, options: [String: JSONValue] = [:], ipv4Data: [IPAMData] = [], ipv6Data: [IPAMData] = []
    ) {
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
        options = try container.object(.options)
        ipv4Data = try container.array(.ipv4Data)
        ipv6Data = try container.array(.ipv6Data)
    }
}

extension CreateNetworkRequest {
    /// Every `-o/--opt k=v`, verbatim, from `com.docker.network.generic`.
    public var genericOptions: [String: String] {
        options[OptionKey.generic]?.objectValue?.compactMapValues(\.scalarText) ?? [:]
    }

    /// `com.docker.network.enable_ipv6`; `false` when absent.
    public var enableIPv6: Bool {
        options[OptionKey.enableIPv6]?.boolValue ?? false
    }

    /// `com.docker.network.enable_ipv4`; `true` when absent (engines before 28 never send it).
    public var enableIPv4: Bool {
        options[OptionKey.enableIPv4]?.boolValue ?? true
    }

    /// `com.docker.network.internal`; `true` only with `--internal`.
    public var `internal`: Bool {
        options[OptionKey.internal]?.boolValue ?? false
    }

    /// `-o com.docker.network.driver.mtu=N` as a number; `nil` when absent or not a number.
    public var mtu: Int? {
        genericOptions[OptionKey.mtu].flatMap { Int($0) }
    }
}
