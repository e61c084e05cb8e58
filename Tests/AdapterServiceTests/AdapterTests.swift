import AdapterOS
import CNIExec
import CNMRemoteAPI
import Testing

#if canImport(Glibc)
import Glibc
#endif

@testable import AdapterService

/// The translation with fakes at both seams: which host operations and CNI calls each Docker
/// call causes, in what order, and what Docker is answered.
@Suite struct AdapterTests {
    let netID = String(repeating: "a1", count: 32)
    let epID = String(repeating: "e2", count: 32)

    /// An adapter over a fresh temp state dir.
    func makeAdapter(executor: FakeExecutor = FakeExecutor(), host: FakeHost = FakeHost()) throws -> (Adapter, String) {
        let dir = try TempDir.make()
        let logger = Logger(level: .error)
        let store = try StateStore(directory: dir + "/state", logger: logger)
        let cni = CNIRuntime(
            executor: executor, pluginPaths: ["/fake/bin"], cacheDir: dir + "/cache", negotiateVersions: false, logger: logger)
        return (Adapter(config: AdapterConfig(stateDirectory: dir + "/state"), store: store, cni: cni, host: host, logger: logger), dir)
    }

    func createNetwork(_ adapter: Adapter, options: [String: String] = [:]) throws {
        var generic: [String: JSONValue] = [:]
        for (k, v) in options { generic[k] = .string(v) }
        try adapter.createNetwork(
            CreateNetworkRequest(
                networkID: netID, options: ["com.docker.network.generic": .object(generic)],
                ipv4Data: [IPAMData(addressSpace: "cnia-local", pool: "10.50.0.0/24", gateway: "10.50.0.1/24")]))
    }

    @Test func fullLifecycle() throws {
        let host = FakeHost()
        let executor = FakeExecutor()
        let (adapter, dir) = try makeAdapter(executor: executor, host: host)
        defer { TempDir.remove(dir) }
        try createNetwork(adapter)
        let response = try adapter.createEndpoint(
            CreateEndpointRequest(networkID: netID, endpointID: epID, interface: EndpointInterface(address: "10.50.0.7/24")))
        // Docker sent no MAC: we answer the derived one, and nothing else.
        #expect(response.interface == EndpointInterface(macAddress: "02:42:0a:32:00:07"))
        // The ADD ran only the bridge (portmap waits for ProgramExternalConnectivity) with
        // Docker's address and the derived MAC as capabilities.
        #expect(executor.summary == ["ADD cni-adapter-bridge"])
        let runtimeConfig = executor.calls[0].config["runtimeConfig"]
        #expect(runtimeConfig?["ips"] == .array([.string("10.50.0.7/24")]))
        #expect(runtimeConfig?["mac"] == .string("02:42:0a:32:00:07"))

        let join = try adapter.join(JoinRequest(networkID: netID, endpointID: epID, sandboxKey: "/var/run/docker/netns/x"))
        #expect(join.interfaceName?.srcName == Names.hostLink(endpointID: epID))
        #expect(join.gateway == "10.50.0.1")
        #expect(!join.disableGatewayService)

        try adapter.deleteEndpoint(DeleteEndpointRequest(networkID: netID, endpointID: epID))
        try adapter.deleteNetwork(DeleteNetworkRequest(networkID: netID))
        let ns = Names.stagingNamespace(endpointID: epID)
        let link = Names.hostLink(endpointID: epID)
        let bridge = Names.bridge(networkID: netID)
        #expect(host.calls == [
            "ensureForwardRules \(bridge) false",
            "ensureNamespace \(ns)", "moveLinkToHost \(ns) eth0 \(link)",
            "deleteLink \(link)", "removeNamespace \(ns)",
            "removeForwardRules \(bridge)", "removeMasquerade 10.50.0.0/24", "deleteLink \(bridge)",
        ])
        #expect(executor.summary == ["ADD cni-adapter-bridge", "DEL cni-adapter-bridge"])
        #expect(adapter.store.allEndpoints().isEmpty && adapter.store.allNetworks().isEmpty)
        // Deleting again is a no-op, not an error.
        try adapter.deleteEndpoint(DeleteEndpointRequest(networkID: netID, endpointID: epID))
        try adapter.deleteNetwork(DeleteNetworkRequest(networkID: netID))
    }

    @Test func aPluginThatConfiguresAnotherAddressIsRolledBack() throws {
        let host = FakeHost()
        let executor = FakeExecutor(addressOverride: "10.50.0.200/24")
        let (adapter, dir) = try makeAdapter(executor: executor, host: host)
        defer { TempDir.remove(dir) }
        try createNetwork(adapter)
        #expect(throws: AdapterError.self) {
            try adapter.createEndpoint(
                CreateEndpointRequest(networkID: netID, endpointID: epID, interface: EndpointInterface(address: "10.50.0.7/24")))
        }
        #expect(executor.summary == ["ADD cni-adapter-bridge", "DEL cni-adapter-bridge"])
        #expect(host.namespaces.isEmpty)
        #expect(adapter.store.endpoint(epID) == nil)
    }

    @Test func failedDelKeepsTheRecordButNotTheNamespace() throws {
        let host = FakeHost()
        let (adapter, dir) = try makeAdapter(executor: FakeExecutor(failDel: true), host: host)
        defer { TempDir.remove(dir) }
        try createNetwork(adapter)
        _ = try adapter.createEndpoint(
            CreateEndpointRequest(networkID: netID, endpointID: epID, interface: EndpointInterface(address: "10.50.0.7/24")))
        #expect(throws: AdapterError.self) { try adapter.deleteEndpoint(DeleteEndpointRequest(networkID: netID, endpointID: epID)) }
        #expect(host.namespaces.isEmpty)
        #expect(adapter.store.endpoint(epID)?.phase == .deleting)
    }

    @Test func aBridgeNameThatIsAlreadyALinkIsRefusedAndNothingIsCreated() throws {
        let host = FakeHost()
        host.addHostLink("docker0")
        let (adapter, dir) = try makeAdapter(host: host)
        defer { TempDir.remove(dir) }
        #expect {
            try createNetwork(adapter, options: ["cni.bridge": "docker0"])
        } throws: { error in
            "\(error)".contains("cni.bridge=docker0") && "\(error)".contains("already exists")
        }
        #expect(host.calls.isEmpty)
        #expect(host.hostLinks == ["docker0"])
        try createNetwork(adapter, options: ["cni.bridge": "cnia-mine"])
        #expect(host.calls == ["ensureForwardRules cnia-mine false"])
    }

    @Test func theReferenceBridgeGetsItsLinkBackForDel() throws {
        // Its DEL finds the addresses to tear down ipMasq on the interface itself.
        let host = FakeHost()
        let executor = FakeExecutor()
        let (adapter, dir) = try makeAdapter(executor: executor, host: host)
        defer { TempDir.remove(dir) }
        try createNetwork(adapter, options: ["cni.datapath": "reference"])
        _ = try adapter.createEndpoint(
            CreateEndpointRequest(networkID: netID, endpointID: epID, interface: EndpointInterface(address: "10.50.0.7/24")))
        try adapter.deleteEndpoint(DeleteEndpointRequest(networkID: netID, endpointID: epID))
        let ns = Names.stagingNamespace(endpointID: epID)
        let link = Names.hostLink(endpointID: epID)
        #expect(host.calls.contains("moveLinkToNamespace \(link) \(ns) eth0 10.50.0.7/24"))
        #expect(!host.calls.contains("deleteLink \(link)"))
        #expect(executor.summary == ["ADD bridge", "DEL bridge"])
    }

    @Test func anIPAMOptionIsRefusedAndNoPoolIsTaken() throws {
        let (adapter, dir) = try makeAdapter()
        defer { TempDir.remove(dir) }
        #expect {
            try adapter.requestPool(RequestPoolRequest(addressSpace: "cnia-local", pool: "10.60.0.0/24", options: ["gwinpool": "1"]))
        } throws: { error in
            "\(error)".contains("unknown IPAM option gwinpool")
        }
        #expect(adapter.store.addressBook.pools.isEmpty)
        _ = try adapter.requestPool(RequestPoolRequest(addressSpace: "cnia-local", pool: "10.60.0.0/24"))
    }

    @Test func tempFilesOfAKilledWriteAreRemovedAtStart() throws {
        let (adapter, dir) = try makeAdapter()
        defer { TempDir.remove(dir) }
        try Files.makeDirectories(dir + "/cache")
        // A daemon killed between creating a temp file and renaming it; a container restarts it
        // with the same PID, so the temp carries ours.
        let cacheTemp = "\(dir)/cache/cnia-net-\(epID)-eth0.tmp.\(getpid()).1"
        let stateTemp = "\(dir)/state/ipam.json.tmp.\(getpid()).2"
        try Files.writeAtomically(cacheTemp, [1])
        try Files.writeAtomically(stateTemp, [1])
        // A pass while serving leaves them: this process may be writing them right now.
        #expect(adapter.repairInterrupted().isEmpty)
        #expect(Files.exists(cacheTemp) && Files.exists(stateTemp))
        let repairs = adapter.repairInterrupted(atStart: true)
        #expect(repairs.map(\.kind) == ["temp file", "temp file"])
        #expect(!Files.exists(cacheTemp) && !Files.exists(stateTemp))
    }

    @Test func unknownOptionCreatesNothing() throws {
        let host = FakeHost()
        let (adapter, dir) = try makeAdapter(host: host)
        defer { TempDir.remove(dir) }
        #expect(throws: AdapterError.self) { try createNetwork(adapter, options: ["bogus": "1"]) }
        #expect(host.calls.isEmpty)
        #expect(adapter.store.allNetworks().isEmpty)
    }

    @Test func publishedPortsRunOnlyThePortPlugin() throws {
        let host = FakeHost()
        host.markBusy(18081)
        let executor = FakeExecutor()
        let (adapter, dir) = try makeAdapter(executor: executor, host: host)
        defer { TempDir.remove(dir) }
        try createNetwork(adapter)
        _ = try adapter.createEndpoint(
            CreateEndpointRequest(networkID: netID, endpointID: epID, interface: EndpointInterface(address: "10.50.0.7/24")))
        let ports: JSONValue = .array([
            .object(["Proto": .integer(6), "IP": .string(""), "Port": .integer(80), "HostIP": .string(""),
                     "HostPort": .integer(18080), "HostPortEnd": .integer(18080)])
        ])
        try adapter.programExternalConnectivity(
            ProgramExternalConnectivityRequest(networkID: netID, endpointID: epID, options: ["com.docker.network.portmap": ports]))
        #expect(executor.summary == ["ADD cni-adapter-bridge", "ADD portmap"])
        let mapping = executor.calls[1].config["runtimeConfig"]?["portMappings"]?.arrayValue?.first
        #expect(mapping?["hostPort"]?.intValue == 18080)
        #expect(mapping?["containerPort"]?.intValue == 80)
        #expect(mapping?["protocol"]?.stringValue == "tcp")
        // The bridge's cached result is portmap's prevResult.
        #expect(executor.calls[1].config["prevResult"]?["ips"] != nil)

        // A host port held by a host process is refused with Docker's wording.
        let busy: JSONValue = .array([
            .object(["Proto": .integer(6), "Port": .integer(80), "HostPort": .integer(18081), "HostPortEnd": .integer(18081)])
        ])
        let other = String(repeating: "f3", count: 32)
        _ = try adapter.createEndpoint(
            CreateEndpointRequest(networkID: netID, endpointID: other, interface: EndpointInterface(address: "10.50.0.8/24")))
        #expect {
            try adapter.programExternalConnectivity(
                ProgramExternalConnectivityRequest(networkID: netID, endpointID: other, options: ["com.docker.network.portmap": busy]))
        } throws: { "\($0)".contains("port is already allocated") }

        try adapter.revokeExternalConnectivity(RevokeExternalConnectivityRequest(networkID: netID, endpointID: epID))
        #expect(executor.summary.suffix(1) == ["DEL portmap"])
        #expect(adapter.store.endpoint(epID)?.ports == nil)
    }
}

/// A temporary directory per test.
enum TempDir {
    static func make() throws -> String {
        var template = Array("/tmp/cnia-adapter-test-XXXXXX".utf8CString)
        guard let path = mkdtemp(&template) else { throw SystemError.current("mkdtemp") }
        return String(cString: path)
    }

    static func remove(_ path: String) { try? Files.removeTree(path) }
}
