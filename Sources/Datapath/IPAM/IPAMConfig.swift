// host-local-compatible IPAM configuration (cni.md §9.1), parsed from the plugin config object.

import AdapterOS
import CNIExec

/// One allocatable range inside a subnet.
public struct IPRange: Sendable, Equatable {
    public var subnet: IPPrefix
    public var start: IPAddress
    public var end: IPAddress
    public var gateway: IPAddress?

    /// Validates and fills defaults as host-local does: start = network+1, end = last (-1 for
    /// IPv4 broadcast), gateway = network+1.
    public init(subnet: IPPrefix, start: IPAddress? = nil, end: IPAddress? = nil, gateway: IPAddress? = nil) throws(PluginFailure) {
        guard subnet.address == subnet.network else {
            throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "network has host bits set: \(subnet)")
        }
        guard subnet.address.bitWidth - subnet.length >= 2 else {
            throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "network \(subnet) too small to allocate from")
        }
        self.subnet = subnet
        self.start = start ?? subnet.network.advanced(by: 1)
        self.end = end ?? (subnet.address.isV6 ? subnet.last : subnet.last.advanced(by: UInt128.max))  // last - 1
        self.gateway = gateway ?? subnet.network.advanced(by: 1)
        for (what, ip) in [("rangeStart", self.start), ("rangeEnd", self.end)] where !subnet.contains(ip) {
            throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "\(what) \(ip) not in network \(subnet)")
        }
        guard self.start <= self.end else {
            throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "rangeStart \(self.start) is after rangeEnd \(self.end)")
        }
    }

    /// Whether `ip` may be handed out from this range.
    public func contains(_ ip: IPAddress) -> Bool { ip.isV6 == start.isV6 && start <= ip && ip <= end }
}

/// The parsed `ipam` section plus the request-time inputs (requested IPs).
public struct IPAMConfig: Sendable {
    /// Range sets: one address is allocated from each.
    public var rangeSets: [[IPRange]]
    /// Routes copied verbatim into the result.
    public var routes: [CNIResult.Route]
    /// Where the network's store directory lives.
    public var dataDir: String
    /// DNS from `resolvConf`, if configured.
    public var dns: CNIResult.DNS
    /// IPs asked for (`CNI_ARGS IP=`, `args.cni.ips`, `runtimeConfig.ips`), in that order.
    public var requested: [IPAddress]

    /// The default store location (host-local uses /var/lib/cni/networks; ours is separate so
    /// the two never read each other's files).
    public static let defaultDataDir = "/var/lib/cni-adapter/networks"

    /// Parses the `ipam` object of `request.config`.
    public init(_ request: PluginRequest) throws(PluginFailure) {
        guard let ipam = request.config["ipam"]?.objectValue else {
            throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "IPAM config missing 'ipam' key")
        }
        var sets: [[IPRange]] = []
        // 1. runtimeConfig.ipRanges are prepended, then the deprecated single range, then `ranges`.
        var rawSets: [JSONValue] = request.runtimeConfig("ipRanges")?.arrayValue ?? []
        if ipam["subnet"] != nil { rawSets.append(.array([.object(ipam)])) }
        rawSets += ipam["ranges"]?.arrayValue ?? []
        for (i, set) in rawSets.enumerated() {
            guard let items = set.arrayValue, !items.isEmpty else {
                throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "no IP ranges specified in range set \(i)")
            }
            sets.append(try items.map { item throws(PluginFailure) in try Self.range(item) })
        }
        guard !sets.isEmpty else { throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "no IP ranges specified") }
        // 2. Range sets must not overlap; a set is one family.
        let all = sets.flatMap { $0 }
        for (i, a) in all.enumerated() {
            for b in all[(i + 1)...] where a.subnet.overlaps(b.subnet) && (a.start <= b.end && b.start <= a.end) {
                throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "range \(a.subnet) overlaps with \(b.subnet)")
            }
        }
        for set in sets where Set(set.map(\.subnet.address.isV6)).count > 1 {
            throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "mixed address families in one range set")
        }
        rangeSets = sets
        routes = []
        for item in ipam["routes"]?.arrayValue ?? [] {
            guard let dst = item["dst"]?.stringValue, IPPrefix(dst) != nil else {
                throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "invalid route in ipam.routes")
            }
            routes.append(CNIResult.Route(dst: dst, gw: item["gw"]?.stringValue))
        }
        dataDir = ipam["dataDir"]?.stringValue ?? Self.defaultDataDir
        dns = CNIResult.DNS()
        if let path = ipam["resolvConf"]?.stringValue { dns = ResolvConf.parse(path: path) }

        // 3. Requested addresses; a prefix (`10.1.2.3/24`) is accepted and ignored.
        var texts: [String] = []
        if let ip = request.arg("IP") { texts += ip.split(separator: ",").map(String.init) }
        texts += (request.config["args"]?["cni"]?["ips"]?.arrayValue ?? []).compactMap(\.stringValue)
        texts += (request.runtimeConfig("ips")?.arrayValue ?? []).compactMap(\.stringValue)
        requested = []
        for text in texts {
            let bare = text.split(separator: "/").first.map(String.init) ?? text
            guard let ip = IPAddress(bare) else {
                throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "invalid requested IP \"\(text)\"")
            }
            requested.append(ip)
        }
    }

    private static func range(_ value: JSONValue) throws(PluginFailure) -> IPRange {
        guard let text = value["subnet"]?.stringValue, let subnet = IPPrefix(text) else {
            throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "invalid or missing subnet in range")
        }
        func address(_ key: String) throws(PluginFailure) -> IPAddress? {
            guard let raw = value[key]?.stringValue, !raw.isEmpty else { return nil }
            guard let ip = IPAddress(raw) else {
                throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "invalid \(key) \"\(raw)\"")
            }
            return ip
        }
        return try IPRange(subnet: subnet, start: try address("rangeStart"), end: try address("rangeEnd"), gateway: try address("gateway"))
    }
}

/// Reads `nameserver`, `domain`, `search` and `options` lines of a resolv.conf (host-local's `resolvConf`).
enum ResolvConf {
    static func parse(path: String) -> CNIResult.DNS {
        guard let bytes = try? Files.read(path) else { return CNIResult.DNS() }
        var dns = CNIResult.DNS()
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let key = fields.first, fields.count >= 2 else { continue }
            switch key {
            case "nameserver": dns.nameservers.append(fields[1])
            case "domain": dns.domain = fields[1]
            case "search": dns.search += fields.dropFirst()
            case "options": dns.options += fields.dropFirst()
            default: break
            }
        }
        return dns
    }
}
