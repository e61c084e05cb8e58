// Bridge ADD (cni.md §8.2): bridge, veth pair, IPAM, container addresses and routes, gateway,
// forwarding, firewall.

import AdapterOS
import CNIExec

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension BridgePlugin {
    /// ADD: returns the full result (interfaces `[bridge, host veth, container veth]`).
    func add() throws -> CNIResult {
        try request.checkArgs(known: Self.knownArgs)
        let host = Links(try NetlinkSocket())

        // 1. The bridge: created if absent, promisc if asked, up.
        let (bridgeLink, created) = try host.ensureBridge(config.bridge, mtu: config.mtu)
        var bridgeChange = LinkChange(up: bridgeLink.isUp ? nil : true)
        if config.promiscMode && !bridgeLink.isPromisc { bridgeChange.promisc = true }
        // A new bridge takes the lowest port MAC and changes it as ports come and go; pinning
        // its own MAC keeps the gateway's neighbour entries valid (reference bridge, step 9).
        if created, let mac = parseMAC(bridgeLink.mac) { bridgeChange.mac = mac }
        if bridgeChange != LinkChange() { try host.set(index: bridgeLink.index, bridgeChange, name: config.bridge) }

        // 2. The veth pair, created from inside the container netns with the host end placed
        //    directly in ours, so the container name never exists on the host.
        guard Files.exists(request.netns) else {
            throw PluginFailure(msg: "failed to open netns \"\(request.netns)\": no such file or directory")
        }
        let containerSocket = try NetlinkSocket.inNamespace(request.netns)
        let container = Links(containerSocket)
        if try container.get(request.ifname) != nil {
            throw PluginFailure(msg: "container veth name provided (\(request.ifname)) already exists")
        }
        let hostName = try createVeth(container)
        var committed = false
        var ipamDone = false
        defer {
            if !committed {
                try? container.delete(request.ifname)
                if ipamDone { _ = try? ipam.run(type: config.ipamType, request.with(command: .del)) }
            }
        }
        guard let hostVeth = try host.get(hostName) else { throw SystemError("find host veth \(hostName)", errno: ENODEV) }
        try host.set(index: hostVeth.index, LinkChange(up: true, master: bridgeLink.index), name: hostName)
        if config.hairpinMode { try host.setHairpin(hostName, on: true) }

        // 3. IPAM, then the gateways (cni.md §8.2 step 7).
        var result = CNIResult(cniVersion: request.cniVersion)
        if !config.ipamType.isEmpty {
            guard let ipamResult = try ipam.run(type: config.ipamType, request) else {
                throw PluginFailure(msg: "IPAM plugin returned no result")
            }
            ipamDone = true
            guard !ipamResult.ips.isEmpty else { throw PluginFailure(msg: "IPAM plugin returned missing IP config") }
            result = ipamResult
            result.cniVersion = request.cniVersion
        }
        let addresses = try result.ips.map { ip throws(PluginFailure) -> IPPrefix in
            guard let prefix = IPPrefix(ip.address) else { throw PluginFailure(msg: "IPAM returned invalid address \(ip.address)") }
            return prefix
        }
        for i in result.ips.indices {
            result.ips[i].interface = 2
            if result.ips[i].gateway == nil && config.isGateway {
                result.ips[i].gateway = addresses[i].canonical.network.advanced(by: 1).description
            }
        }
        if config.isDefaultGateway {
            for (i, ip) in result.ips.enumerated() {
                guard let gw = ip.gateway else { continue }
                let isV6 = addresses[i].address.isV6
                let dst = isV6 ? "::/0" : "0.0.0.0/0"
                if !result.routes.contains(where: { $0.dst == dst && $0.gw != nil }) {
                    result.routes.removeAll { $0.dst == dst }
                    result.routes.append(CNIResult.Route(dst: dst, gw: gw))
                }
            }
        }

        // 4. Container side: up, addresses (no DAD), routes (missing gw = family gateway).
        guard var containerLink = try container.get(request.ifname) else {
            throw SystemError("find container veth \(request.ifname)", errno: ENODEV)
        }
        try container.set(index: containerLink.index, LinkChange(up: true), name: request.ifname)
        let containerAddresses = Addresses(containerSocket)
        for prefix in addresses { try containerAddresses.add(prefix, index: containerLink.index, linkName: request.ifname) }
        let routes = Routes(containerSocket)
        for route in result.routes {
            try routes.add(try routeSpec(route, result: result, outputIndex: containerLink.index), ensure: true)
        }

        // 5. Host side: gateway addresses on the bridge, forwarding, firewall.
        if config.isGateway { try ensureGatewayAddresses(host: host, bridgeIndex: bridgeLink.index, result, addresses) }
        try ensureFirewall(addresses, host: host, bridgeIndex: bridgeLink.index)

        // 6. The result, with MACs read back from the kernel.
        containerLink = try container.get(request.ifname) ?? containerLink
        let bridgeNow = try host.get(config.bridge) ?? bridgeLink
        let hostNow = try host.get(hostName) ?? hostVeth
        result.interfaces = [
            CNIResult.Interface(name: config.bridge, mac: bridgeNow.mac),
            CNIResult.Interface(name: hostName, mac: hostNow.mac),
            CNIResult.Interface(
                name: request.ifname, mac: containerLink.mac, mtu: Int(containerLink.mtu), sandbox: request.netns),
        ]
        if let dns = config.dns { result.dns = dns }
        committed = true
        return result
    }

    /// Creates the pair; the host end is `veth` + 8 hex digits derived from the container id and
    /// ifname (stable across retries of the same attachment), random after a name clash.
    private func createVeth(_ container: Links) throws -> String {
        let hostNetns = try NamespaceStore.openCurrent()
        defer { close(hostNetns) }
        var name = Self.hostVethName(containerID: request.containerID, ifname: request.ifname)
        for attempt in 0..<10 {
            do {
                try container.createVeth(
                    name: request.ifname, peerName: name, peerNetnsFD: hostNetns, mtu: config.mtu, mac: config.mac)
                return name
            } catch let error as SystemError where error.errno == EEXIST && attempt < 9 {
                if try container.get(request.ifname) != nil {
                    throw PluginFailure(msg: "container veth name provided (\(request.ifname)) already exists")
                }
                name = "veth" + Self.hex8(UInt32.random(in: 0 ... .max))
            }
        }
        throw PluginFailure(msg: "failed to find a free host veth name")
    }

    /// `veth` + FNV-1a-32 of `containerID/ifname` in hex.
    static func hostVethName(containerID: String, ifname: String) -> String {
        var hash: UInt32 = 0x811c_9dc5
        for byte in "\(containerID)/\(ifname)".utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return "veth" + hex8(hash)
    }

    static func hex8(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// A result route as a kernel route through the container interface.
    func routeSpec(_ route: CNIResult.Route, result: CNIResult, outputIndex: Int32) throws -> RouteSpec {
        guard let dst = IPPrefix(route.dst) else { throw PluginFailure(msg: "invalid route destination \(route.dst)") }
        var gateway: IPAddress?
        if let gw = route.gw {
            guard let parsed = IPAddress(gw) else { throw PluginFailure(msg: "invalid route gateway \(gw)") }
            gateway = parsed
        } else {
            gateway = result.ips.first { $0.isIPv6 == dst.address.isV6 && $0.gateway != nil }?.gateway.flatMap(IPAddress.init)
        }
        return RouteSpec(
            destination: dst.canonical, gateway: gateway, outputIndex: outputIndex, table: UInt32(route.table ?? 254),
            scope: route.scope.map(UInt8.init), priority: route.priority.map(UInt32.init), mtu: route.mtu.map(UInt32.init),
            advmss: route.advmss.map(UInt32.init))
    }

    /// Puts `gateway/prefix` on the bridge for every address family (reference `ensureAddr`):
    /// the same address is fine, a different IPv4 (or overlapping IPv6) one is an error unless
    /// `forceAddress`; then enables forwarding for the family.
    private func ensureGatewayAddresses(host: Links, bridgeIndex: Int32, _ result: CNIResult, _ addresses: [IPPrefix]) throws {
        let bridgeAddresses = Addresses(host.transport)
        let existing = try bridgeAddresses.list(index: bridgeIndex).filter { $0.scope == RTNL.scopeUniverse }
        for (i, ip) in result.ips.enumerated() {
            guard let gwText = ip.gateway, let gw = IPAddress(gwText) else { continue }
            let wanted = IPPrefix(address: gw, length: addresses[i].length)
            var present = false
            for have in existing where have.prefix.address.isV6 == gw.isV6 {
                if have.prefix == wanted { present = true; continue }
                if !gw.isV6 || have.prefix.overlaps(wanted) {
                    guard config.forceAddress else {
                        throw PluginFailure(msg: "\"\(config.bridge)\" already has an IP address different from \(wanted)")
                    }
                    try bridgeAddresses.delete(have.prefix, index: bridgeIndex, linkName: config.bridge)
                }
            }
            if !present { try bridgeAddresses.add(wanted, index: bridgeIndex, linkName: config.bridge, ensure: true) }
            try Self.enableForwarding(v6: gw.isV6)
        }
    }

    /// Turns on forwarding for the family (written only when not already on, like the reference).
    static func enableForwarding(v6: Bool) throws {
        let path = v6 ? "/proc/sys/net/ipv6/conf/all/forwarding" : "/proc/sys/net/ipv4/ip_forward"
        if let current = try Files.read(path), current.first == UInt8(ascii: "1") { return }
        let fd = try syscall("open \(path)") { open(path, O_WRONLY | O_CLOEXEC) }
        defer { close(fd) }
        try Files.writeAll(fd, Array("1\n".utf8), what: path)
    }

    /// FORWARD accepts for the bridge (Docker's FORWARD DROP would drop even bridge-local
    /// traffic, cni.md §8.4) and masquerade per subnet when `ipMasq`.
    ///
    /// Each iptables exec costs ~3 ms, so what is done is marked in the bridge's alias
    /// (`cni-adapter: fw4 fw6 masq=SUBNET,…`): the mark lives exactly as long as the bridge and
    /// its namespace, unlike a file (a namespace inode is reused). CHECK verifies the rules
    /// themselves; the adapter's reconcile re-ensures them if someone flushed the tables.
    private func ensureFirewall(_ addresses: [IPPrefix], host: Links, bridgeIndex: Int32) throws {
        let current = try host.get(config.bridge)?.alias ?? ""
        var marks = FirewallMarks(alias: current)
        for v6 in Set(addresses.map(\.address.isV6)).sorted(by: { !$0 && $1 }) where !marks.has(v6 ? "fw6" : "fw4") {
            try BridgeForwardRules(iptables: v6 ? ip6tables : iptables).ensure(bridge: config.bridge)
            marks.add(v6 ? "fw6" : "fw4")
        }
        if config.ipMasq {
            for subnet in Set(addresses.map(\.canonical)).sorted(by: { $0.description < $1.description }) where !marks.has("masq=\(subnet)") {
                try MasqueradeRules(iptables: subnet.address.isV6 ? ip6tables : iptables).ensure(subnet: subnet)
                marks.add("masq=\(subnet)")
            }
        }
        let alias = marks.alias
        // A mark that does not fit is simply not stored: the next ADD re-ensures (idempotent).
        if alias != current && alias.utf8.count <= 128 {
            try host.set(index: bridgeIndex, LinkChange(alias: alias), name: config.bridge)
        }
    }
}

/// The firewall work recorded in a bridge's alias.
struct FirewallMarks {
    static let prefix = "cni-adapter:"
    private(set) var items: [String]

    init(alias: String) {
        items = alias.hasPrefix(Self.prefix) ? alias.dropFirst(Self.prefix.count).split(separator: " ").map(String.init) : []
    }

    func has(_ item: String) -> Bool { items.contains(item) }
    mutating func add(_ item: String) { if !has(item) { items.append(item) } }
    var alias: String { items.isEmpty ? "" : Self.prefix + " " + items.joined(separator: " ") }
}

extension PluginRequest {
    /// The same request with another command (e.g. the compensating IPAM DEL).
    func with(command: PluginCommand) -> PluginRequest {
        var copy = self
        copy.command = command
        copy.environment["CNI_COMMAND"] = command.rawValue
        return copy
    }
}
