// HostNetworking over netlink (Datapath), pinned namespaces and iptables.

import AdapterOS
import Datapath

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The real host: links via rtnetlink, namespaces under a directory, rules via iptables.
public struct KernelHostNetworking: HostNetworking {
    private let namespaces: NamespaceStore
    private let rules: BridgeForwardRules
    private let iptables: any IptablesRunner

    public init(namespaceDirectory: String = "/run/cni-adapter/netns", iptables: any IptablesRunner = SystemIptables()) {
        namespaces = NamespaceStore(directory: namespaceDirectory)
        rules = BridgeForwardRules(iptables: iptables)
        self.iptables = iptables
    }

    public func ensureNamespace(_ name: String) throws -> String { try namespaces.ensure(name) }
    public func namespacePath(_ name: String) -> String { namespaces.path(name) }
    public func namespaceExists(_ name: String) -> Bool { NamespaceStore.isNamespace(namespaces.path(name)) }
    public func removeNamespace(_ name: String) throws { try namespaces.remove(name) }
    public func listNamespaces() -> [String] { (try? namespaces.list()) ?? [] }

    public func moveLinkToHost(netns: String, link: String, as newName: String) throws {
        // A socket living in the staging namespace sends the move; the target is the
        // namespace this process runs in.
        let socket = try NetlinkSocket.inNamespace(namespaces.path(netns))
        let hostFD = try NamespaceStore.open("/proc/self/ns/net")
        defer { close(hostFD) }
        guard try Links(socket).move(link, toNetnsFD: hostFD, as: newName) else {
            throw SystemError("move \(link) out of netns \(netns): no such link", errno: ENODEV)
        }
    }

    public func moveLinkToNamespace(_ link: String, netns: String, as newName: String, addresses: [String]) throws -> Bool {
        let target = try NamespaceStore.open(namespaces.path(netns))
        defer { close(target) }
        guard try Links(try NetlinkSocket()).move(link, toNetnsFD: target, as: newName) else { return false }
        let prefixes = addresses.compactMap(IPPrefix.init)
        guard !prefixes.isEmpty else { return true }
        let socket = try NetlinkSocket.inNamespace(namespaces.path(netns))
        guard let moved = try Links(socket).get(newName) else { return true }
        for prefix in prefixes { try Addresses(socket).add(prefix, index: moved.index, linkName: newName, ensure: true) }
        return true
    }

    public func deleteLink(_ name: String) throws { try Links(try NetlinkSocket()).delete(name) }
    public func linkExists(_ name: String) throws -> Bool { try Links(try NetlinkSocket()).get(name) != nil }

    public func ensureForwardRules(bridge: String, isolated: Bool) throws {
        try rules.ensure(bridge: bridge, isolated: isolated)
    }

    public func removeForwardRules(bridge: String) throws { try rules.remove(bridge: bridge) }
    public func removeMasquerade(subnet: String) throws {
        guard let prefix = IPPrefix(subnet) else { return }
        try MasqueradeRules(iptables: iptables).remove(subnet: prefix)
    }

    public func forwardRuleBridges() -> Set<String> { (try? rules.bridges()) ?? [] }

    public func hostRoutes() -> [String] { HostRoutes.read() }

    public func isPortBusy(proto: String, hostIP: String, port: Int) -> Bool {
        PortProbe.isBusy(proto: proto, hostIP: hostIP, port: port)
    }

    public func removeUnusedPortmapChains() throws { try PortmapChains(iptables: iptables).removeIfUnused() }
}

/// Reads the host's routed prefixes from /proc (no netlink needed, and cheap).
enum HostRoutes {
    static func read() -> [String] {
        var out: [String] = []
        // /proc/net/route: Iface Destination Gateway Flags RefCnt Use Metric Mask … (hex, host order)
        if let bytes = try? Files.read("/proc/net/route") {
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst() {
                let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard f.count >= 8, let dst = UInt32(f[1], radix: 16), let mask = UInt32(f[7], radix: 16) else { continue }
                let length = mask.nonzeroBitCount
                let ip = [dst & 0xff, dst >> 8 & 0xff, dst >> 16 & 0xff, dst >> 24].map(String.init).joined(separator: ".")
                out.append("\(ip)/\(length)")
            }
        }
        // /proc/net/ipv6_route: dst(32 hex) dstlen(hex) src srclen nexthop metric ref use flags iface
        if let bytes = try? Files.read("/proc/net/ipv6_route") {
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
                let f = line.split(separator: " ", omittingEmptySubsequences: true)
                guard f.count >= 2, f[0].count == 32, let length = Int(f[1], radix: 16) else { continue }
                let hex = Array(f[0])
                let groups = stride(from: 0, to: 32, by: 4).map { String(hex[$0..<($0 + 4)]) }
                out.append(groups.joined(separator: ":") + "/\(length)")
            }
        }
        return out
    }
}
