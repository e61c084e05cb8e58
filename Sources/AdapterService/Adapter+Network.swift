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
            // Docker's null IPAM hands out 0.0.0.0/0 and no addresses (cnm-protocol.md §3.2).
            let nullIPAM = v4.pool == "0.0.0.0/0" || v4.addressSpace == "null"
            var record: NetworkRecord
            if let name = options.userNetwork {
                record = try userNetworkRecord(request, name: name, nullIPAM: nullIPAM)
            } else {
                guard !nullIPAM else {
                    throw AdapterError(
                        "with --ipam-driver null the addresses come from a CNI IPAM: name a conflist with -o cni.network=NAME, or use --ipam-driver cni-adapter")
                }
                record = try generatedNetworkRecord(request, options: options, ipamData: [v4] + request.ipv6Data)
            }
            record.createdAt = wallClock()
            // 1. Rules first: a crash after them leaves rules that DeleteNetwork or GC removes by name.
            if let bridge = record.forwardBridge {
                try host.ensureForwardRules(bridge: bridge, isolated: record.isolated)
            }
            CrashPoint.networkAfterRules.hit()
            // 2. Then the record that makes the network known.
            try store.put(record)
            logger.info(
                "network created",
                [("net", Names.short(request.networkID)), ("cni_network", record.userNetwork ?? record.cniName),
                 ("bridge", record.forwardBridge ?? "-")])
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
            // A user's bridge may back several Docker networks: keep its rules while one remains.
            let others = store.allNetworks().filter { $0.id != network.id }
            if let bridge = network.forwardBridge, !others.contains(where: { $0.forwardBridge == bridge }) {
                try host.removeForwardRules(bridge: bridge)
            }
            CrashPoint.deleteNetworkAfterRules.hit()
            for subnet in network.masqueradeSubnets ?? [] {
                try host.removeMasquerade(subnet: subnet)
            }
            if let bridge = network.bridge {
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

    /// A network backed by our generated bridge + host-local conflist.
    private func generatedNetworkRecord(
        _ request: CreateNetworkRequest, options: NetworkOptions, ipamData: [IPAMData]
    ) throws -> NetworkRecord {
        let isolated = request.internal
        let bridge = options.bridge ?? Names.bridge(networkID: request.networkID)
        if let clash = store.allNetworks().first(where: { $0.bridge == bridge }) {
            throw AdapterError("bridge \(bridge) already backs network \(Names.short(clash.id))")
        }
        // The network deletes its bridge with it: a name that is already a link (docker0, eth0,
        // a user's br0) would be enslaved to and then deleted, so only a new name is accepted.
        if options.bridge != nil, try host.linkExists(bridge) {
            throw AdapterError(
                "invalid option cni.bridge=\(bridge): a link named \(bridge) already exists; cni-adapter creates this bridge and deletes it with the network, so name a new one (to use an existing bridge, write a conflist for it and pass -o cni.network=NAME)")
        }
        var generated = GeneratedNetworkConfig(
            cniName: Names.cniNetwork(networkID: request.networkID), bridge: bridge, ranges: [], isolated: isolated,
            mtu: options.mtu, masquerade: options.masquerade ?? !isolated, hairpin: options.hairpin ?? true,
            ipamDataDir: config.hostLocalDataDir, bundled: options.bundled ?? true)
        for data in ipamData {
            guard let pool = IPPrefix(data.pool) else { throw AdapterError("invalid pool \(data.pool) from IPAM") }
            let gateway = data.gateway.flatMap { $0.split(separator: "/").first.map(String.init) }
            generated.ranges.append(.init(subnet: pool.canonical.description, gateway: gateway, v6: pool.address.isV6))
        }
        let text = try generated.json()
        // Parse what we generated, so a bad config fails here and not at the first container.
        _ = try NetworkConfigList.parse(Array(text.utf8), source: "generated conflist")
        var record = NetworkRecord(
            id: request.networkID, cniName: generated.cniName, conflist: text, bridge: bridge, isolated: isolated,
            ipamDataDir: config.hostLocalDataDir, forwardBridge: bridge, userNetwork: nil, cniChoosesAddresses: false)
        // The bundled bridge masquerades per subnet in CNIA-MASQ; those rules go with the network.
        if generated.bundled && generated.masquerade {
            record.masqueradeSubnets = generated.ranges.map(\.subnet)
        }
        return record
    }

    /// A network backed by the user's conflist `name` from the conf dir, copied into the record
    /// so that DEL runs the configuration ADD ran even if the file changes later.
    private func userNetworkRecord(_ request: CreateNetworkRequest, name: String, nullIPAM: Bool) throws -> NetworkRecord {
        let list: NetworkConfigList
        do {
            list = try NetworkConfigList.loadConfList(dir: config.cniConfDirectory, name: name)
        } catch {
            throw AdapterError("-o cni.network=\(name)", cause: error)
        }
        // Docker's address reaches the plugins only through the `ips` capability; without it the
        // CNI IPAM would pick another address and Docker would show a lie.
        if !nullIPAM && !list.plugins.contains(where: { $0.capabilities["ips"] == true }) {
            throw AdapterError(
                "conflist \(name) declares no \"ips\" capability, so it cannot use the address Docker's IPAM chose; add \"capabilities\": {\"ips\": true} to its IPAM-running plugin, or create the network with --ipam-driver null to let the CNI IPAM choose")
        }
        // Containers on a user's bridge need our FORWARD accepts unless the conflist brings the
        // firewall plugin, which adds its own.
        var forwardBridge: String?
        if !list.plugins.contains(where: { $0.type == "firewall" }),
            let bridgePlugin = list.plugins.first(where: { $0.type == "bridge" })
        {
            forwardBridge = bridgePlugin.raw["bridge"]?.stringValue ?? "cni0"
        }
        return NetworkRecord(
            id: request.networkID, cniName: list.name, conflist: String(decoding: list.bytes, as: UTF8.self), bridge: nil,
            isolated: request.internal, ipamDataDir: nil, forwardBridge: forwardBridge, userNetwork: name,
            cniChoosesAddresses: nullIPAM)
    }
}
