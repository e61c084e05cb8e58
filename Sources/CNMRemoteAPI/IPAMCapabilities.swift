// IpamDriver.GetCapabilities and GetDefaultAddressSpaces responses.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/ipams/remote/api/api.go (GetCapabilityResponse, GetAddressSpacesResponse)

/// The answer to `IpamDriver.GetCapabilities` (Go `GetCapabilityResponse` of the IPAM API).
public struct IPAMCapabilities: Codable, Sendable, Equatable {
    /// Make Docker generate a MAC per endpoint and pass it to RequestAddress.
    public var requiresMACAddress: Bool
    /// Make Docker replay RequestPool/RequestAddress at daemon start (cnm-protocol.md §4.7).
    public var requiresRequestReplay: Bool

    /// Creates capabilities; both default to `false`.
    public init(requiresMACAddress: Bool = false, requiresRequestReplay: Bool = false) {
        self.requiresMACAddress = requiresMACAddress
        self.requiresRequestReplay = requiresRequestReplay
    }

    enum CodingKeys: String, CodingKey {
        case requiresMACAddress = "RequiresMACAddress"
        case requiresRequestReplay = "RequiresRequestReplay"
    }

    /// Decodes tolerantly: missing flags are `false`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        requiresMACAddress = try container.bool(.requiresMACAddress)
        requiresRequestReplay = try container.bool(.requiresRequestReplay)
    }
}

/// The answer to `IpamDriver.GetDefaultAddressSpaces` (Go `GetAddressSpacesResponse`).
public struct AddressSpacesResponse: Codable, Sendable, Equatable {
    /// Address space Docker passes in RequestPool for local-scope networks.
    public var localDefaultAddressSpace: String
    /// Address space Docker passes in RequestPool for global-scope networks.
    public var globalDefaultAddressSpace: String

    /// Creates a response.
    public init(localDefaultAddressSpace: String, globalDefaultAddressSpace: String) {
        self.localDefaultAddressSpace = localDefaultAddressSpace
        self.globalDefaultAddressSpace = globalDefaultAddressSpace
    }

    enum CodingKeys: String, CodingKey {
        case localDefaultAddressSpace = "LocalDefaultAddressSpace"
        case globalDefaultAddressSpace = "GlobalDefaultAddressSpace"
    }

    /// Decodes tolerantly: missing names are `""`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        localDefaultAddressSpace = try container.string(.localDefaultAddressSpace)
        globalDefaultAddressSpace = try container.string(.globalDefaultAddressSpace)
    }
}
