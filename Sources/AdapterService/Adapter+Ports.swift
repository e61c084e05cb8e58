// Published ports: ProgramExternalConnectivity / RevokeExternalConnectivity.
//
// Docker passes the container's port map to CreateEndpoint of every endpoint but calls Program
// only on the gateway endpoint, so the port plugins (those declaring the `portMappings`
// capability) are left out of CreateEndpoint's ADD and run here alone, with the cached result as
// prevResult (translation-findings §2.3).

import AdapterOS
import CNIExec
import CNMRemoteAPI

extension Adapter {
    /// The plugins that publish ports.
    static func isPortPlugin(_ plugin: PluginConfig) -> Bool { plugin.capabilities["portMappings"] == true }

    public func programExternalConnectivity(_ request: ProgramExternalConnectivityRequest) throws {
        try checkID(request.networkID, "network ID")
        try networkLocks.withLock(request.networkID) {
            guard var record = store.endpoint(request.endpointID), record.phase == .ready,
                let network = store.network(record.networkID)
            else { throw AdapterError("endpoint \(Names.short(request.endpointID)) is not known to cni-adapter") }
            let portsList = try conflist(of: network).subset(Self.isPortPlugin)
            // Re-programming replaces what was there (Docker may call again after a restart).
            if record.ports != nil { try revokePorts(&record, network: network) }
            let bindings = request.portMappings
            guard !bindings.isEmpty else { return }
            guard !portsList.plugins.isEmpty else {
                throw AdapterError("cannot publish ports: the network's conflist has no plugin with the portMappings capability (e.g. portmap)")
            }
            try portsLock.withLock {
                var planner = PortPlanner(
                    taken: Set(store.allEndpoints().flatMap { $0.ports ?? [] }),
                    isBusyOnHost: { [host] proto, ip, port in host.isPortBusy(proto: proto, hostIP: ip, port: port) })
                let mappings = try planner.plan(bindings)
                // Persist first: a crash after the ADD leaves a record that Revoke/Delete undoes.
                record.ports = mappings
                try store.put(record)
                do {
                    let rt = portsRuntime(record, network: network, mappings: mappings)
                    let base = try cni.getCachedResult(try conflist(of: network), rt)
                    try cni.addPlugins(portsList, rt, prevResult: base)
                } catch {
                    record.ports = nil
                    try? store.put(record)
                    throw AdapterError("publishing ports of endpoint \(Names.short(record.endpointID))", cause: error)
                }
            }
            logger.info(
                "ports published",
                [("ep", Names.short(record.endpointID)),
                 ("ports", (record.ports ?? []).map { "\($0.hostPort)->\($0.containerPort)/\($0.proto)" }.joined(separator: ","))])
        }
    }

    public func revokeExternalConnectivity(_ request: RevokeExternalConnectivityRequest) throws {
        try checkID(request.networkID, "network ID")
        try networkLocks.withLock(request.networkID) {
            // Revoke may come for an endpoint that never got Program (cnm-protocol.md §3.9).
            guard var record = store.endpoint(request.endpointID), record.ports != nil,
                let network = store.network(record.networkID)
            else { return }
            try revokePorts(&record, network: network)
        }
    }

    /// Runs the port plugins' DEL and forgets the mappings; caller holds the network lock.
    func revokePorts(_ record: inout EndpointRecord, network: NetworkRecord) throws {
        guard let mappings = record.ports else { return }
        let list = try conflist(of: network)
        let rt = portsRuntime(record, network: network, mappings: mappings)
        let base = try? cni.getCachedResult(list, rt)
        try cni.delPlugins(list.subset(Self.isPortPlugin), rt, prevResult: base)
        record.ports = nil
        try store.put(record)
        do {
            try host.removeUnusedPortmapChains()
        } catch {
            logger.warn("could not remove unused portmap chains", [("error", "\(error)")])
        }
    }

    /// The runtime config the port plugins see: the endpoint's ADD identity plus portMappings.
    private func portsRuntime(_ record: EndpointRecord, network: NetworkRecord, mappings: [PortMappingRecord]) -> RuntimeConf {
        let entries: [JSONValue] = mappings.map { m in
            .object([
                "hostPort": .integer(Int64(m.hostPort)), "containerPort": .integer(Int64(m.containerPort)),
                "protocol": .string(m.proto), "hostIP": .string(m.hostIP),
            ])
        }
        return RuntimeConf(
            containerID: record.containerID, netns: host.namespacePath(record.netns), ifName: record.ifName,
            capabilityArgs: ["portMappings": .array(entries)])
    }
}
