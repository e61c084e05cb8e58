// NetworkDriver.Join response.
// Source: https://github.com/moby/moby/blob/v20.10.24/vendor/github.com/docker/libnetwork/drivers/remote/api/api.go (JoinResponse, InterfaceName, StaticRoute)

/// The answer to `NetworkDriver.Join` (Go `JoinResponse`).
public struct JoinResponse: Codable, Sendable, Equatable {
    /// The host-side link Docker moves into the sandbox; `nil` adds no interface.
    public var interfaceName: InterfaceName?
    /// IPv4 default gateway, a bare IP without a mask; `""` for none.
    public var gateway: String
    /// IPv6 default gateway, a bare IP; `""` for none.
    public var gatewayIPv6: String
    /// Extra routes installed in the sandbox.
    public var staticRoutes: [StaticRoute]
    /// Keep Docker from attaching `docker_gwbridge` when there is no gateway.
    public var disableGatewayService: Bool

    /// Creates a response.
    public init(
        interfaceName: InterfaceName? = nil, gateway: String = "", gatewayIPv6: String = "",
        staticRoutes: [StaticRoute] = [], disableGatewayService: Bool = false
    ) {
        self.interfaceName = interfaceName
        self.gateway = gateway
        self.gatewayIPv6 = gatewayIPv6
        self.staticRoutes = staticRoutes
        self.disableGatewayService = disableGatewayService
    }

    enum CodingKeys: String, CodingKey {
        case interfaceName = "InterfaceName"
        case gateway = "Gateway"
        case gatewayIPv6 = "GatewayIPv6"
        case staticRoutes = "StaticRoutes"
        case disableGatewayService = "DisableGatewayService"
    }

    /// Decodes tolerantly: everything is optional.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        interfaceName = try container.decodeIfPresent(InterfaceName.self, forKey: .interfaceName)
        gateway = try container.string(.gateway)
        gatewayIPv6 = try container.string(.gatewayIPv6)
        staticRoutes = try container.array(.staticRoutes)
        disableGatewayService = try container.bool(.disableGatewayService)
    }

    /// Encodes only what is set: empty gateways, no routes and a `false` flag are omitted.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(interfaceName, forKey: .interfaceName)
        if !gateway.isEmpty { try container.encode(gateway, forKey: .gateway) }
        if !gatewayIPv6.isEmpty { try container.encode(gatewayIPv6, forKey: .gatewayIPv6) }
        if !staticRoutes.isEmpty { try container.encode(staticRoutes, forKey: .staticRoutes) }
        if disableGatewayService { try container.encode(true, forKey: .disableGatewayService) }
    }
}

/// Names for the interface Docker moves into the sandbox (Go `InterfaceName`).
public struct InterfaceName: Codable, Sendable, Equatable {
    /// The link's name in the host netns (≤ 15 characters).
    public var srcName: String
    /// Prefix for the name inside the sandbox; Docker appends a per-prefix index.
    public var dstPrefix: String
    /// Exists upstream but is ignored by Docker for remote drivers; omitted when `""`.
    public var dstName: String

    /// Creates interface names.
    public init(srcName: String, dstPrefix: String = "eth", dstName: String = "") {
        self.srcName = srcName
        self.dstPrefix = dstPrefix
        self.dstName = dstName
    }

    enum CodingKeys: String, CodingKey {
        case srcName = "SrcName"
        case dstPrefix = "DstPrefix"
        case dstName = "DstName"
    }

    /// Decodes tolerantly: missing names are `""`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        srcName = try container.string(.srcName)
        dstPrefix = try container.string(.dstPrefix)
        dstName = try container.string(.dstName)
    }

    /// Encodes `SrcName` and `DstPrefix`, and `DstName` only when set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(srcName, forKey: .srcName)
        try container.encode(dstPrefix, forKey: .dstPrefix)
        if !dstName.isEmpty { try container.encode(dstName, forKey: .dstName) }
    }
}

/// A route Docker adds in the sandbox (Go `StaticRoute`).
public struct StaticRoute: Codable, Sendable, Equatable {
    /// Destination in CIDR form, e.g. `"10.99.0.0/16"`.
    public var destination: String
    /// `0` next-hop or `1` connected (libnetwork `types.NEXTHOP` / `types.CONNECTED`).
    public var routeType: Int
    /// The next hop for `routeType` 0; `""` (omitted) for connected routes.
    public var nextHop: String

    /// Route type `NEXTHOP`: via `nextHop`.
    public static let nextHopType = 0
    /// Route type `CONNECTED`: on-link, no next hop.
    public static let connectedType = 1

    /// Creates a route.
    public init(destination: String, routeType: Int, nextHop: String = "") {
        self.destination = destination
        self.routeType = routeType
        self.nextHop = nextHop
    }

    enum CodingKeys: String, CodingKey {
        case destination = "Destination"
        case routeType = "RouteType"
        case nextHop = "NextHop"
    }

    /// Decodes tolerantly: missing fields are zero values.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        destination = try container.string(.destination)
        routeType = try container.decodeIfPresent(Int.self, forKey: .routeType) ?? 0
        nextHop = try container.string(.nextHop)
    }

    /// Encodes `Destination` and `RouteType`, and `NextHop` only when set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(destination, forKey: .destination)
        try container.encode(routeType, forKey: .routeType)
        if !nextHop.isEmpty { try container.encode(nextHop, forKey: .nextHop) }
    }
}
