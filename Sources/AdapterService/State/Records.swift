// What the adapter persists about Docker's networks and endpoints. Docker replays none of it
// (cnm-protocol.md §4.7), so these records are the only memory of what we created.

/// One Docker network backed by a CNI conflist.
public struct NetworkRecord: Codable, Equatable, Sendable {
    /// Docker's 64-hex network ID.
    public var id: String
    /// The CNI network name (`name` in the conflist, part of the cache file names).
    public var cniName: String
    /// The conflist used for every ADD and DEL of this network, as JSON text.
    public var conflist: String
    /// Our bridge, when the conflist is generated (deleted with the network); nil for a user's.
    public var bridge: String?
    /// `--internal`: no default route, traffic stays on the bridge.
    public var isolated: Bool
    /// host-local's data directory for this network, removed with it.
    public var ipamDataDir: String?
    /// The bridge our CNIA-FORWARD rules accept (ours, or a user conflist's bridge when the
    /// conflist has no firewall plugin of its own).
    public var forwardBridge: String?
    /// `cni.network`: the user's conflist this network runs.
    public var userNetwork: String?
    /// `--ipam-driver null`: the CNI IPAM chooses addresses and CreateEndpoint reports them.
    public var cniChoosesAddresses: Bool?
    /// Subnets the bundled bridge masquerades (CNIA-MASQ), removed with the network.
    public var masqueradeSubnets: [String]? = nil
    /// When the record was made (seconds since the epoch), so reconcile leaves young objects
    /// alone while Docker may not list them yet.
    public var createdAt: Double? = nil
}

/// Where an endpoint is in its life; anything not `ready` is repaired on the next call or at start.
public enum EndpointPhase: String, Codable, Sendable {
    /// CNI ADD may have run partly; undo with DEL.
    case adding
    /// The link waits in the host netns (or is in the container).
    case ready
    /// DEL started; finish it.
    case deleting
}

/// A static route for Docker's Join answer.
public struct RouteRecord: Codable, Equatable, Sendable {
    public var destination: String
    /// 0 = via `nextHop`, 1 = on-link (Docker's RouteType).
    public var routeType: Int
    public var nextHop: String?
}

/// One Docker endpoint and the CNI attachment behind it.
public struct EndpointRecord: Codable, Equatable, Sendable {
    public var networkID: String
    public var endpointID: String
    public var phase: EndpointPhase
    /// Staging namespace name (under the namespace directory) that CNI saw as CNI_NETNS.
    public var netns: String
    /// CNI_CONTAINERID and CNI_IFNAME used for ADD; DEL must repeat them.
    public var containerID: String
    public var ifName: String
    /// The link's name in the host netns, handed to Docker as SrcName.
    public var hostLink: String
    public var mac: String
    public var address: String
    public var addressV6: String
    public var gateway: String?
    public var gatewayV6: String?
    public var routes: [RouteRecord]
    /// Published ports while the port plugins are active for this endpoint (set at
    /// ProgramExternalConnectivity, cleared at Revoke); nil when none are.
    public var ports: [PortMappingRecord]? = nil
    /// When the record was made (seconds since the epoch); see NetworkRecord.createdAt.
    public var createdAt: Double? = nil
}

/// One published port as the portmap plugin was given it (host port resolved).
public struct PortMappingRecord: Codable, Equatable, Hashable, Sendable {
    /// `tcp`, `udp` or `sctp`.
    public var proto: String
    /// Host address to listen on; empty for all.
    public var hostIP: String
    public var hostPort: Int
    public var containerPort: Int
}
