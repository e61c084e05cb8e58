// CreateNetwork / DeleteNetwork: the network's conflist, its firewall rules, and cleanup.

import AdapterOS
import CNIExec
import CNMRemoteAPI
import Datapath

extension Adapter {
    public func createNetwork(_ request: CreateNetworkRequest) throws {
        try checkID(request.networkID, "network ID")
        try networkLocks.withLock(request.networkID) {
            if store.network(request.networkID) != nil { return }  // a repeated call changes nothing
            let options = try NetworkOptions.parse(request.genericOptions)
            guard let v4 = request.ipv4Data.first else {
                throw AdapterError("cni-adapter networks need IPv4 for now (got --ipv4=false)")
            }
            guard v4.pool != "0.0.0.0/0" else {
                throw AdapterError("the generated cni-adapter network needs an IPAM with real pools; use --ipam-driver cni-adapter")
            }
            let isolated = request.internal
            let record = NetworkRecord(
                id: request.networkID, cniName: Names.cniNetwork(networkID: request.networkID), conflist: "",
                bridge: Names.bridge(networkID: request.networkID), isolated: isolated, ipamDataDir: config.hostLocalDataDir)
            var generated = GeneratedNetworkConfig(
                cniName: record.cniName, bridge: record.bridge ?? "", ranges: [], isolated: isolated, mtu: options.mtu,
                ipamDataDir: config.hostLocalDataDir)
            for data in [v4] + request.ipv6Data {
                guard let pool = IPPrefix(data.pool) else { throw AdapterError("invalid pool \(data.pool) from IPAM") }
                let gateway = data.gateway.flatMap { $0.split(separator: "/").first.map(String.init) }
                generated.ranges.append(.init(subnet: pool.canonical.description, gateway: gateway, v6: pool.address.isV6))
            }
            var withList = record
            withList.conflist = try generated.json()
            // Parse what we generated, so a bad config fails here and not at the first container.
            _ = try NetworkConfigList.parse(Array(withList.conflist.utf8), source: "generated conflist")
            // 1. Rules first: a crash after them leaves rules that DeleteNetwork or GC removes by name.
            try host.ensureForwardRules(bridge: generated.bridge, isolated: isolated)
            // 2. Then the record that makes the network known.
            try store.put(withList)
            logger.info("network created", [("net", Names.short(request.networkID)), ("bridge", generated.bridge)])
        }
    }

    public func deleteNetwork(_ request: DeleteNetworkRequest) throws {
        try checkID(request.networkID, "network ID")
        try networkLocks.withLock(request.networkID) {
            guard let network = store.network(request.networkID) else { return }
            // Docker deletes endpoints first, but ignores our errors: finish any it left.
            for endpoint in store.allEndpoints() where endpoint.networkID == network.id {
                try removeEndpoint(endpoint, network: network)
            }
            if let bridge = network.bridge {
                try host.removeForwardRules(bridge: bridge)
                // The reference bridge creates the bridge lazily: it may never have existed.
                try host.deleteLink(bridge)
            }
            if let dataDir = network.ipamDataDir {
                // host-local leaves lock and last_reserved_ip.* behind (translation-findings §2.6).
                try Files.removeTree("\(dataDir)/\(network.cniName)")
            }
            try store.removeNetwork(network.id)
            logger.info("network deleted", [("net", Names.short(network.id))])
        }
    }

    /// The parsed conflist of a network.
    func conflist(of network: NetworkRecord) throws -> NetworkConfigList {
        try NetworkConfigList.parse(Array(network.conflist.utf8), source: "conflist of network \(Names.short(network.id))")
    }
}
