// NetworkDriver.GwAllocCheck (newer engines, only when GwAllocChecker is advertised).
// Source: moby/moby master daemon/libnetwork/drivers/remote/api/api.go (GwAllocCheckerRequest, GwAllocCheckerResponse)

/// The body of `NetworkDriver.GwAllocCheck` (Go `GwAllocCheckerRequest`).
public struct GwAllocCheckRequest: Codable, Sendable, Equatable {
    /// The network's options, as in CreateNetwork; `null` decodes as empty.
    public var options: [String: JSONValue]

    /// Creates a request.
    public init(options: [String: JSONValue] = [:]) {
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case options = "Options"
    }

    /// Decodes tolerantly: a missing or null map is empty.
    public init(from decoder: any Decoder) throws {
        options = try decoder.container(keyedBy: CodingKeys.self).object(.options)
    }
}

/// The answer to `NetworkDriver.GwAllocCheck` (Go `GwAllocCheckerResponse`).
public struct GwAllocCheckResponse: Codable, Sendable, Equatable {
    /// Tell Docker not to allocate an IPv4 gateway address.
    public var skipIPv4: Bool
    /// Tell Docker not to allocate an IPv6 gateway address.
    public var skipIPv6: Bool

    /// Creates a response; the default skips nothing.
    public init(skipIPv4: Bool = false, skipIPv6: Bool = false) {
        self.skipIPv4 = skipIPv4
        self.skipIPv6 = skipIPv6
    }

    enum CodingKeys: String, CodingKey {
        case skipIPv4 = "SkipIPv4"
        case skipIPv6 = "SkipIPv6"
    }

    /// Decodes tolerantly: missing flags are `false`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        skipIPv4 = try container.bool(.skipIPv4)
        skipIPv6 = try container.bool(.skipIPv6)
    }
}
