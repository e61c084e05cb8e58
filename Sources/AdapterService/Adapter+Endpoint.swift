// CreateEndpoint / Join / DeleteEndpoint: CNI ADD in a staging namespace, the link handed to
// Docker through the host namespace, and CNI DEL after Docker hands it back (DESIGN.md §2).

import AdapterOS
import CNIExec
import CNMRemoteAPI
import Datapath

extension Adapter {
    public func createEndpoint(_ request: CreateEndpointRequest) throws -> CreateEndpointResponse {
        try checkID(request.networkID, "network ID")
        try checkID(request.endpointID, "endpoint ID")
        return try networkLocks.withLock(request.networkID) {
            guard let network = store.network(request.networkID) else {
                throw AdapterError("network \(Names.short(request.networkID)) is not known to cni-adapter")
            }
            if let existing = store.endpoint(request.endpointID), existing.phase == .ready {
                return response(for: existing, request: request)
            }
            let address = request.interface.address
            let addressV6 = request.interface.addressIPv6
            let cniChooses = network.cniChoosesAddresses == true
            guard cniChooses || !address.isEmpty || !addressV6.isEmpty else {
                throw AdapterError("endpoint \(Names.short(request.endpointID)) has no address; use --ipam-driver cni-adapter")
            }
            let mac = request.interface.macAddress.isEmpty
                ? (request.macAddressOption ?? DerivedMAC.from(ipv4: address) ?? "") : request.interface.macAddress
            var record = EndpointRecord(
                networkID: network.id, endpointID: request.endpointID, phase: .adding,
                netns: Names.stagingNamespace(endpointID: request.endpointID), containerID: request.endpointID,
                ifName: Names.containerInterface, hostLink: Names.hostLink(endpointID: request.endpointID),
                mac: mac, address: address, addressV6: addressV6, gateway: nil, gatewayV6: nil, routes: [],
                createdAt: wallClock())
            var timer = StepTimer()
            // 1. Intent first: a crash from here on is undone by DEL on the next start.
            try store.put(record)
            timer.mark("record")
            CrashPoint.endpointAfterRecord.hit()
            do {
                // Port plugins run later, at ProgramExternalConnectivity (Adapter+Ports).
                let list = try conflist(of: network).subset { !Self.isPortPlugin($0) }
                // 2. The staging namespace stands in for the container's, which may not exist yet.
                let netnsPath = try host.ensureNamespace(record.netns)
                timer.mark("netns")
                CrashPoint.endpointAfterNamespace.hit()
                var capabilities: [String: JSONValue] = [:]
                let dockerAddresses = [address, addressV6].filter { !$0.isEmpty }
                if !dockerAddresses.isEmpty { capabilities["ips"] = .array(dockerAddresses.map { .string($0) }) }
                if !mac.isEmpty { capabilities["mac"] = .string(mac) }
                let rt = RuntimeConf(
                    containerID: record.containerID, netns: netnsPath, ifName: record.ifName, capabilityArgs: capabilities)
                // 3. CNI ADD (the runtime runs DEL itself if the chain fails).
                let result = try cni.addNetworkList(list, rt)
                timer.mark("cni_add")
                CrashPoint.endpointAfterAdd.hit()
                // 4. The plugin must have configured Docker's address, or Docker would show a lie;
                //    when the CNI IPAM chooses, Docker learns its choice from our answer.
                try checkAddresses(result, expected: dockerAddresses)
                if cniChooses {
                    guard let v4 = result.ips.first(where: { !$0.isIPv6 }) else {
                        throw AdapterError("the CNI result has no IPv4 address for Docker to show: \(result.ips.map(\.address))")
                    }
                    record.address = v4.address
                    record.addressV6 = result.ips.first(where: \.isIPv6)?.address ?? ""
                    if record.mac.isEmpty {
                        record.mac = result.interfaces.first { $0.name == record.ifName && $0.sandbox != nil }?.mac ?? ""
                    }
                }
                // 5. Hand the link to Docker through the host namespace.
                try host.moveLinkToHost(netns: record.netns, link: record.ifName, as: record.hostLink)
                timer.mark("move")
                CrashPoint.endpointAfterMove.hit()
                let routing = JoinRouting.from(result)
                record.gateway = routing.gateway
                record.gatewayV6 = routing.gatewayV6
                record.routes = routing.routes
                record.phase = .ready
                try store.put(record)
                timer.mark("persist")
                logger.debug("endpoint created", [("ep", Names.short(record.endpointID))] + timer.fields)
            } catch {
                undoFailedCreate(record, network: network)
                throw AdapterError("creating endpoint \(Names.short(request.endpointID)) failed", cause: error)
            }
            return response(for: record, request: request)
        }
    }

    public func join(_ request: JoinRequest) throws -> JoinResponse {
        guard let record = store.endpoint(request.endpointID), record.phase == .ready else {
            throw AdapterError("endpoint \(Names.short(request.endpointID)) is not known to cni-adapter")
        }
        let hasDefault = record.gateway != nil || record.gatewayV6 != nil
        return JoinResponse(
            interfaceName: InterfaceName(srcName: record.hostLink, dstPrefix: "eth"),
            gateway: record.gateway ?? "", gatewayIPv6: record.gatewayV6 ?? "",
            staticRoutes: record.routes.map {
                StaticRoute(destination: $0.destination, routeType: $0.routeType, nextHop: $0.nextHop ?? "")
            },
            // No default route: keep Docker from attaching docker_gwbridge (cnm-protocol.md §3.6).
            disableGatewayService: !hasDefault)
    }

    public func deleteEndpoint(_ request: DeleteEndpointRequest) throws {
        try checkID(request.networkID, "network ID")
        try checkID(request.endpointID, "endpoint ID")
        try networkLocks.withLock(request.networkID) {
            // Idempotent: an endpoint we do not know is already gone.
            guard let record = store.endpoint(request.endpointID) else { return }
            try removeEndpoint(record, network: store.network(record.networkID))
        }
    }

    /// Takes the link back into the staging namespace, runs CNI DEL, removes the namespace and
    /// the record. Every step tolerates what an earlier, interrupted attempt already did.
    func removeEndpoint(_ record: EndpointRecord, network: NetworkRecord?) throws {
        var record = record
        if record.phase != .deleting {
            record.phase = .deleting
            try store.put(record)
        }
        // 0. Published ports first: their DEL needs the cached result the main DEL removes.
        if record.ports != nil, let network {
            try revokePorts(&record, network: network)
        }
        // 1. Docker moved the link back under SrcName; return it to CNI's view of the world.
        //    With the bundled bridge the link is one end of a veth whose other end sits on our
        //    bridge: deleting it takes both, its DEL needs nothing from the interface, and the
        //    namespace move (10-30 ms in the kernel) is saved. Every other plugin gets the link
        //    back: the reference bridge tears down its ipMasq rules by the addresses it finds on
        //    the interface at DEL (without them each endpoint leaked a NAT rule and chain), and
        //    host-device must return the real device.
        if let network, network.bridge != nil, Self.usesBundledBridge(try? conflist(of: network)) {
            try host.deleteLink(record.hostLink)
        } else if host.namespaceExists(record.netns) {
            _ = try host.moveLinkToNamespace(
                record.hostLink, netns: record.netns, as: record.ifName, addresses: [record.address, record.addressV6].filter { !$0.isEmpty })
        } else {
            try host.deleteLink(record.hostLink)
        }
        CrashPoint.deleteAfterMove.hit()
        // 2. CNI DEL with what ADD was given (the runtime reads the cached result).
        var delError: (any Error)?
        if let network {
            let rt = RuntimeConf(containerID: record.containerID, netns: host.namespacePath(record.netns), ifName: record.ifName)
            do {
                try cni.delNetworkList(try conflist(of: network).subset { !Self.isPortPlugin($0) }, rt)
                CrashPoint.deleteAfterDel.hit()
            } catch {
                delError = error
            }
        }
        // 3. The namespace goes even when DEL failed: whatever it holds dies with it, and a later
        //    DEL must cope with a missing netns anyway (CNI spec). The record stays, in phase
        //    `deleting`, until a DEL succeeds.
        try host.removeNamespace(record.netns)
        if let delError { throw AdapterError("CNI DEL for endpoint \(Names.short(record.endpointID))", cause: delError) }
        try store.removeEndpoint(record.endpointID)
        logger.debug("endpoint removed", [("net", Names.short(record.networkID)), ("ep", Names.short(record.endpointID))])
    }

    /// Best-effort rollback of a failed CreateEndpoint; what it cannot undo stays recorded
    /// (phase `adding`) for the next start's repair.
    private func undoFailedCreate(_ record: EndpointRecord, network: NetworkRecord) {
        do {
            try removeEndpoint(record, network: network)
        } catch {
            logger.error("rollback of failed endpoint incomplete", [("ep", Names.short(record.endpointID)), ("error", "\(error)")])
        }
    }

    /// Docker refuses a CreateEndpoint answer that sets a field it already set, even to the same
    /// value (cnm-protocol.md §3.4): answer exactly the fields Docker left empty.
    private func response(for record: EndpointRecord, request: CreateEndpointRequest) -> CreateEndpointResponse {
        let sent = request.interface
        let answer = EndpointInterface(
            address: sent.address.isEmpty ? record.address : "",
            addressIPv6: sent.addressIPv6.isEmpty ? record.addressV6 : "",
            macAddress: sent.macAddress.isEmpty ? record.mac : "")
        return answer.isEmpty ? CreateEndpointResponse() : CreateEndpointResponse(interface: answer)
    }

    private func checkAddresses(_ result: CNIResult, expected: [String]) throws {
        let got = Set(result.ips.compactMap { IPPrefix($0.address)?.address })
        for wanted in expected where !wanted.isEmpty {
            guard let ip = IPPrefix(wanted)?.address ?? IPAddress(wanted), got.contains(ip) else {
                throw AdapterError(
                    "the CNI plugin configured \(result.ips.map(\.address)) instead of Docker's address \(wanted)")
            }
        }
    }

    /// Whether the chain's interface plugin is the bundled bridge (whose DEL does not need the link).
    static func usesBundledBridge(_ list: NetworkConfigList?) -> Bool {
        list?.plugins.first?.type == BundledPlugin.bridge.typeName
    }
}
