// Bridge CHECK (cni.md §2.3): IPAM first, then the bridge, the veth pair, and every address and
// route of prevResult in the container; anything removed since ADD is an error.

import AdapterOS
import CNIExec

extension BridgePlugin {
    /// CHECK: throws a `PluginFailure` naming the first thing that does not match prevResult.
    func check() throws {
        try request.checkArgs(known: Self.knownArgs)
        guard let prev = config.prevResult else { throw PluginFailure(msg: "Required prevResult missing") }
        if !config.ipamType.isEmpty { _ = try ipam.run(type: config.ipamType, request) }

        // 1. The bridge: present, a bridge, promisc as configured.
        let host = Links(try NetlinkSocket())
        guard let bridge = try host.get(config.bridge), bridge.kind == "bridge" else {
            throw PluginFailure(msg: "bridge \(config.bridge) is missing or not a bridge")
        }
        if bridge.isPromisc != config.promiscMode {
            throw PluginFailure(msg: "bridge \(config.bridge) promiscuous mode is \(bridge.isPromisc), expected \(config.promiscMode)")
        }

        // 2. The container interface of prevResult, in the netns, a veth with the same MAC.
        guard let ifaceIndex = prev.interfaces.firstIndex(where: { $0.name == request.ifname && $0.sandbox == request.netns })
        else { throw PluginFailure(msg: "interface \(request.ifname) in \(request.netns) not found in prevResult") }
        let iface = prev.interfaces[ifaceIndex]
        let socket = try NetlinkSocket.inNamespace(request.netns)
        guard let link = try Links(socket).get(request.ifname) else {
            throw PluginFailure(msg: "container interface \(request.ifname) is missing")
        }
        guard link.kind == "veth" else { throw PluginFailure(msg: "container interface \(request.ifname) is not a veth") }
        if !iface.mac.isEmpty && iface.mac.lowercased() != link.mac {
            throw PluginFailure(msg: "Interface \(request.ifname) Mac \(iface.mac) doesn't match container Mac: \(link.mac)")
        }

        // 3. Its host peer is enslaved to the bridge.
        guard let peer = try host.all().first(where: { $0.index == link.peerIndex }), peer.master == bridge.index else {
            throw PluginFailure(msg: "host end of \(request.ifname) is missing or not attached to \(config.bridge)")
        }

        // 4. Addresses and routes.
        let have = try Addresses(socket).list(index: link.index).map(\.prefix)
        for ip in prev.ips where ip.interface == nil || ip.interface == ifaceIndex {
            guard let prefix = IPPrefix(ip.address), have.contains(prefix) else {
                throw PluginFailure(msg: "Failed to match addr \(ip.address) on interface \(request.ifname)")
            }
        }
        let kernelRoutes = try Routes(socket).list(index: link.index)
        for route in prev.routes {
            let want = try routeSpec(route, result: prev, outputIndex: link.index)
            let found = kernelRoutes.contains {
                $0.destination == want.destination && $0.gateway == want.gateway && $0.table == want.table
            }
            if !found {
                throw PluginFailure(
                    msg: "Failed to match route \(route.dst)\(want.gateway.map { " via \($0)" } ?? "") on interface \(request.ifname)")
            }
        }

        // 5. The FORWARD accepts a Docker host needs.
        for v6 in Set(prev.ips.map(\.isIPv6)) where try !BridgeForwardRules(iptables: v6 ? ip6tables : iptables).isInstalled(bridge: config.bridge) {
            throw PluginFailure(msg: "\(v6 ? "ip6tables" : "iptables") accept rules for \(config.bridge) are missing from \(BridgeForwardRules.chain)")
        }
    }
}
