// One internal model for results of every supported CNI version (SPEC §ADD Success, cni.md §5).
// Source: https://github.com/containernetworking/cni/blob/main/pkg/types/100/types.go

/// The result of an ADD, independent of the version it was printed in.
///
/// Results of 0.2.0, 0.3.x, 0.4.0, 1.0.0 and 1.1.0 all parse into this model (see
/// `CNIResult.parse`), and it encodes back to any of them (`encoded(version:)`), which is what
/// prevResult and the cache need. Unknown keys are dropped.
public struct CNIResult: Sendable, Equatable {
    /// An interface the attachment created (host-side ones have no sandbox).
    public struct Interface: Sendable, Equatable {
        /// Interface name (in its namespace).
        public var name: String
        /// MAC address; empty when unknown.
        public var mac: String
        /// 1.1.0: the interface MTU.
        public var mtu: Int?
        /// The netns path for interfaces inside the container; `nil` on the host.
        public var sandbox: String?
        /// 1.1.0: path of a vhost-user socket.
        public var socketPath: String?
        /// 1.1.0: PCI address of a device.
        public var pciID: String?

        /// Creates an interface entry.
        public init(
            name: String, mac: String = "", mtu: Int? = nil, sandbox: String? = nil,
            socketPath: String? = nil, pciID: String? = nil
        ) {
            self.name = name
            self.mac = mac
            self.mtu = mtu
            self.sandbox = sandbox
            self.socketPath = socketPath
            self.pciID = pciID
        }
    }

    /// An address assigned by the attachment.
    public struct IPConfig: Sendable, Equatable {
        /// The address in CIDR notation, e.g. `10.1.0.5/16`.
        public var address: String
        /// The gateway of its subnet, if any.
        public var gateway: String?
        /// Index into `interfaces`; IPAM results leave it out.
        public var interface: Int?

        /// Creates an address entry.
        public init(address: String, gateway: String? = nil, interface: Int? = nil) {
            self.address = address
            self.gateway = gateway
            self.interface = interface
        }

        /// True for an IPv6 address (what 0.3.x/0.4.0 call `"version": "6"`).
        public var isIPv6: Bool { address.contains(":") }
    }

    /// A route to add in the container.
    public struct Route: Sendable, Equatable {
        /// Destination in CIDR notation.
        public var dst: String
        /// Next hop; absent means "via the gateway of that family" (cni.md §5).
        public var gw: String?
        /// 1.1.0: route MTU.
        public var mtu: Int?
        /// 1.1.0: TCP advertised MSS.
        public var advmss: Int?
        /// 1.1.0: route priority (metric).
        public var priority: Int?
        /// 1.1.0: routing table.
        public var table: Int?
        /// 0 global, 253 link, 254 host.
        public var scope: Int?

        /// Creates a route.
        public init(
            dst: String, gw: String? = nil, mtu: Int? = nil, advmss: Int? = nil, priority: Int? = nil,
            table: Int? = nil, scope: Int? = nil
        ) {
            self.dst = dst
            self.gw = gw
            self.mtu = mtu
            self.advmss = advmss
            self.priority = priority
            self.table = table
            self.scope = scope
        }

        /// True for an IPv6 destination.
        public var isIPv6: Bool { dst.contains(":") }
    }

    /// DNS information (informational; the runtime writes resolv.conf).
    public struct DNS: Sendable, Equatable {
        /// Name server addresses.
        public var nameservers: [String]
        /// Local domain.
        public var domain: String?
        /// Search domains.
        public var search: [String]
        /// resolv.conf options.
        public var options: [String]

        /// Creates a DNS entry; all fields default to empty.
        public init(nameservers: [String] = [], domain: String? = nil, search: [String] = [], options: [String] = []) {
            self.nameservers = nameservers
            self.domain = domain
            self.search = search
            self.options = options
        }

        /// True when nothing is set (newer libraries then omit `dns`).
        public var isEmpty: Bool { nameservers.isEmpty && (domain ?? "").isEmpty && search.isEmpty && options.isEmpty }
    }

    /// The version the result was printed in (or the version it was created for).
    public var cniVersion: String
    /// Interfaces created, host side included.
    public var interfaces: [Interface]
    /// Addresses assigned.
    public var ips: [IPConfig]
    /// Routes in the container.
    public var routes: [Route]
    /// DNS settings (informational).
    public var dns: DNS

    /// Creates a result.
    public init(
        cniVersion: String = CNIVersion.current, interfaces: [Interface] = [], ips: [IPConfig] = [],
        routes: [Route] = [], dns: DNS = DNS()
    ) {
        self.cniVersion = cniVersion
        self.interfaces = interfaces
        self.ips = ips
        self.routes = routes
        self.dns = dns
    }
}
