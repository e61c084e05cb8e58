// Pure builders for rtnetlink route messages (RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE).

/// A route as we add it and as the kernel reports it (main table unless `table` says otherwise).
public struct RouteSpec: Sendable, Equatable {
    /// Destination prefix (`0.0.0.0/0` for a default route).
    public var destination: IPPrefix
    /// Next hop; nil for an on-link route.
    public var gateway: IPAddress?
    /// Outgoing link index.
    public var outputIndex: Int32
    /// Routing table (254 = main).
    public var table: UInt32
    /// RT_SCOPE_* (0 universe; 253 link for routes without a gateway).
    public var scope: UInt8
    /// Metric.
    public var priority: UInt32?
    /// Path MTU metric.
    public var mtu: UInt32?
    /// Advertised MSS metric.
    public var advmss: UInt32?

    public init(
        destination: IPPrefix, gateway: IPAddress? = nil, outputIndex: Int32, table: UInt32 = 254,
        scope: UInt8? = nil, priority: UInt32? = nil, mtu: UInt32? = nil, advmss: UInt32? = nil
    ) {
        self.destination = destination
        self.gateway = gateway
        self.outputIndex = outputIndex
        self.table = table
        self.scope = scope ?? (gateway == nil ? RTNL.scopeLink : RTNL.scopeUniverse)
        self.priority = priority
        self.mtu = mtu
        self.advmss = advmss
    }
}

/// Builds `RTM_*ROUTE` requests as raw bytes.
public enum RouteMessages {
    /// `RTM_NEWROUTE` adding `route` (EXCL: an existing identical route is `EEXIST`).
    public static func add(_ route: RouteSpec, seq: UInt32) -> [UInt8] {
        message(type: RTNL.newRoute, flags: RTNL.request | RTNL.ack | RTNL.create | RTNL.excl, route, seq: seq)
    }

    /// `RTM_DELROUTE` removing `route`.
    public static func delete(_ route: RouteSpec, seq: UInt32) -> [UInt8] {
        message(type: RTNL.delRoute, flags: RTNL.request | RTNL.ack, route, seq: seq)
    }

    /// `RTM_GETROUTE` dump of every route of both families (all tables).
    public static func dump(seq: UInt32) -> [UInt8] {
        NetlinkMessageBuilder.build(
            type: RTNL.getRoute, flags: RTNL.request | RTNL.dump, seq: seq,
            header: NetlinkMessageBuilder.rtmsg(family: RTNL.unspec, dstLength: 0, table: 0, protocol: 0, scope: 0, type: 0))
    }

    private static func message(type: UInt16, flags: UInt16, _ route: RouteSpec, seq: UInt32) -> [UInt8] {
        let isV6 = route.destination.address.isV6
        let header = NetlinkMessageBuilder.rtmsg(
            family: isV6 ? RTNL.inet6 : RTNL.inet, dstLength: UInt8(route.destination.length),
            table: route.table < 256 ? UInt8(route.table) : 0, protocol: RTNL.protoBoot, scope: route.scope,
            type: RTNL.unicast)
        return NetlinkMessageBuilder.build(type: type, flags: flags, seq: seq, header: header) { a in
            if route.destination.length > 0 { a.bytes(RTNL.rtaDst, route.destination.network.bytes) }
            if let gateway = route.gateway { a.bytes(RTNL.rtaGateway, gateway.bytes) }
            a.u32(RTNL.rtaOif, UInt32(bitPattern: route.outputIndex))
            if let priority = route.priority { a.u32(RTNL.rtaPriority, priority) }
            a.u32(RTNL.rtaTable, route.table)
            if route.mtu != nil || route.advmss != nil {
                a.nested(RTNL.rtaMetrics) { m in
                    if let mtu = route.mtu { m.u32(RTNL.rtaxMTU, mtu) }
                    if let advmss = route.advmss { m.u32(RTNL.rtaxAdvmss, advmss) }
                }
            }
        }
    }
}

extension RouteSpec {
    /// Parses one `RTM_NEWROUTE` message (header included); nil if it is not a unicast route.
    public static func parse(_ message: [UInt8]) -> RouteSpec? {
        guard message.count >= 28, NetlinkBytes.u16(message, 4) == RTNL.newRoute else { return nil }
        let family = message[16]
        let isV6 = family == RTNL.inet6
        guard isV6 || family == RTNL.inet, message[23] == RTNL.unicast else { return nil }
        let zero: IPAddress = isV6 ? .v6(0) : .v4(0)
        var route = RouteSpec(
            destination: IPPrefix(address: zero, length: Int(message[17])), outputIndex: 0, table: UInt32(message[20]),
            scope: message[22])
        for (type, value) in NetlinkBytes.attributes(message, from: 28) {
            switch type {
            case RTNL.rtaDst: if let ip = IPAddress(bytes: value, isV6: isV6) { route.destination.address = ip }
            case RTNL.rtaGateway: route.gateway = IPAddress(bytes: value, isV6: isV6)
            case RTNL.rtaOif where value.count >= 4: route.outputIndex = Int32(bitPattern: NetlinkBytes.u32(value, 0))
            case RTNL.rtaPriority where value.count >= 4: route.priority = NetlinkBytes.u32(value, 0)
            case RTNL.rtaTable where value.count >= 4: route.table = NetlinkBytes.u32(value, 0)
            case RTNL.rtaMetrics:
                for (metric, inner) in NetlinkBytes.attributes(value, from: 0) where inner.count >= 4 {
                    if metric == RTNL.rtaxMTU { route.mtu = NetlinkBytes.u32(inner, 0) }
                    if metric == RTNL.rtaxAdvmss { route.advmss = NetlinkBytes.u32(inner, 0) }
                }
            default: break
            }
        }
        return route
    }
}
