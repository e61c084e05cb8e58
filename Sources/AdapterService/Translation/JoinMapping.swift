// From a CNI result to Docker's Join answer (DESIGN.md §2 Join row; translation-findings §2.1).

import CNIExec
import Datapath

/// The routing part of a Join answer, derived once at CreateEndpoint and persisted.
struct JoinRouting: Equatable, Sendable {
    var gateway: String?
    var gatewayV6: String?
    var routes: [RouteRecord]

    /// Maps the CNI result's gateways and routes to Docker's model.
    ///
    /// - A default route (`0.0.0.0/0`, `::/0`) becomes `Gateway`/`GatewayIPv6`: its `gw`, or
    ///   the family's gateway from `ips[]` when it has none.
    /// - Any other route becomes a static route: with `gw` → NEXTHOP (0) via it; without →
    ///   NEXTHOP via the family's gateway, because in CNI a route without `gw` means "via this
    ///   interface's gateway"; CONNECTED (1) only when the family has no gateway.
    /// - Gateways of `ips[]` alone, without a default route, set nothing: on an `--internal`
    ///   network that is what keeps Docker from adding a default route.
    static func from(_ result: CNIResult) -> JoinRouting {
        let gw4 = result.ips.first { !$0.isIPv6 && $0.gateway != nil }?.gateway
        let gw6 = result.ips.first { $0.isIPv6 && $0.gateway != nil }?.gateway
        var routing = JoinRouting(gateway: nil, gatewayV6: nil, routes: [])
        for route in result.routes {
            guard let dst = IPPrefix(route.dst) else { continue }
            let familyGateway = dst.address.isV6 ? gw6 : gw4
            let via = route.gw ?? familyGateway
            if dst.length == 0 {
                if dst.address.isV6 { routing.gatewayV6 = via } else { routing.gateway = via }
            } else if let via {
                routing.routes.append(RouteRecord(destination: dst.canonical.description, routeType: 0, nextHop: via))
            } else {
                routing.routes.append(RouteRecord(destination: dst.canonical.description, routeType: 1, nextHop: nil))
            }
        }
        return routing
    }
}

/// The MAC an endpoint gets when Docker sends none: `02:42:` + the IPv4 address bytes, like
/// Docker's own bridge, so a container restarted with the same `--ip` keeps its MAC and its
/// peers' neighbour entries stay valid (translation-findings §2.2).
enum DerivedMAC {
    static func from(ipv4 address: String) -> String? {
        guard let ip = IPPrefix(address)?.address ?? IPAddress(address), !ip.isV6 else { return nil }
        return (["02", "42"] + ip.bytes.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }).joined(separator: ":")
    }
}
