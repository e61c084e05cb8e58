// Every request Docker sent in both traces decodes into its wire type.

import FoundationEssentials
import Testing
@testable import CNMRemoteAPI

/// Decodes a traced request body into the wire type of its call.
/// Returns `nil` for calls without arguments.
func decodeTracedRequest(_ record: TraceRecord) throws -> (any Sendable)? {
    let raw = record.request.body_raw
    switch record.call {
    case "Plugin.Activate", "NetworkDriver.GetCapabilities", "IpamDriver.GetCapabilities",
        "IpamDriver.GetDefaultAddressSpaces":
        return nil
    case "NetworkDriver.CreateNetwork": return try decode(CreateNetworkRequest.self, raw)
    case "NetworkDriver.DeleteNetwork": return try decode(DeleteNetworkRequest.self, raw)
    case "NetworkDriver.CreateEndpoint": return try decode(CreateEndpointRequest.self, raw)
    case "NetworkDriver.EndpointOperInfo": return try decode(EndpointInfoRequest.self, raw)
    case "NetworkDriver.DeleteEndpoint": return try decode(DeleteEndpointRequest.self, raw)
    case "NetworkDriver.Join": return try decode(JoinRequest.self, raw)
    case "NetworkDriver.Leave": return try decode(LeaveRequest.self, raw)
    case "NetworkDriver.ProgramExternalConnectivity":
        return try decode(ProgramExternalConnectivityRequest.self, raw)
    case "NetworkDriver.RevokeExternalConnectivity":
        return try decode(RevokeExternalConnectivityRequest.self, raw)
    case "IpamDriver.RequestPool": return try decode(RequestPoolRequest.self, raw)
    case "IpamDriver.ReleasePool": return try decode(ReleasePoolRequest.self, raw)
    case "IpamDriver.RequestAddress": return try decode(RequestAddressRequest.self, raw)
    case "IpamDriver.ReleaseAddress": return try decode(ReleaseAddressRequest.self, raw)
    default:
        throw FixtureError("unexpected call \(record.call)")
    }
}

@Suite("Trace request decoding")
struct TraceDecodingTests {
    @Test("every traced request decodes", arguments: TraceFixtures.fileNames)
    func everyRequestDecodes(fileName: String) throws {
        let records = try TraceFixtures.records(fileName)
        #expect(records.count > 400)
        var decoded = 0
        for record in records {
            do {
                if try decodeTracedRequest(record) != nil { decoded += 1 }
            } catch {
                Issue.record("\(record.label): \(error)")
            }
        }
        // All but the argument-less calls (Activate, the capabilities, address spaces).
        #expect(decoded > 380)
    }

    @Test("no-argument calls arrive with an empty body")
    func noArgumentBodiesAreEmpty() throws {
        for record in try TraceFixtures.all() where try decodeTracedRequest(record) == nil {
            #expect(record.request.body_raw.isEmpty, "\(record.label)")
        }
    }

    @Test("CreateNetwork options: generic map, internal, enable_ipv6, mtu (20.10 n=13)")
    func createNetworkOptions() throws {
        let record = try TraceFixtures.record("docker-20.10-trace.jsonl", 13)
        let request = try decode(CreateNetworkRequest.self, record.request.body_raw)
        #expect(request.networkID == "bd7e9745043e6c7d022bd6adcaabafe4542f9b3ab301984700c40b540a1e3276")
        #expect(request.genericOptions == ["com.docker.network.driver.mtu": "1400", "foo": "bar"])
        #expect(request.internal)
        #expect(!request.enableIPv6)
        #expect(request.enableIPv4)  // 20.10 never sends the key
        #expect(request.mtu == 1400)
        #expect(request.ipv4Data == [IPAMData(addressSpace: "CnmLocal", pool: "10.216.0.0/24", gateway: "10.216.0.1/24")])
        #expect(request.ipv6Data.isEmpty)
    }

    @Test("CreateNetwork aux addresses and the null IPAM (20.10 n=28, n=113)")
    func createNetworkPools() throws {
        let aux = try decode(
            CreateNetworkRequest.self, try TraceFixtures.record("docker-20.10-trace.jsonl", 28).request.body_raw)
        #expect(aux.ipv4Data.first?.auxAddresses == ["host1": "10.217.0.10/24", "host2": "10.217.0.200/24"])
        #expect(aux.ipv4Data.first?.gateway == "10.217.0.254/24")
        let null = try decode(
            CreateNetworkRequest.self, try TraceFixtures.record("docker-20.10-trace.jsonl", 113).request.body_raw)
        #expect(null.ipv4Data == [IPAMData(addressSpace: "null", pool: "0.0.0.0/0")])
        #expect(null.genericOptions.isEmpty)
        #expect(!null.internal)
    }

    @Test("28.5 sends enable_ipv4, and false for an IPv6-only network")
    func enableIPv4() throws {
        let requests = try TraceFixtures.records("docker-28.5-trace.jsonl")
            .filter { $0.call == "NetworkDriver.CreateNetwork" }
            .map { try decode(CreateNetworkRequest.self, $0.request.body_raw) }
        #expect(requests.allSatisfy { $0.options[OptionKey.enableIPv4] != nil })
        let v6only = try #require(requests.first { !$0.enableIPv4 })
        #expect(v6only.enableIPv6)
        #expect(v6only.ipv4Data.isEmpty)
        #expect(!v6only.ipv6Data.isEmpty)
    }

    @Test("CreateEndpoint interface and empty port options (20.10 n=37)")
    func createEndpointPlain() throws {
        let record = try TraceFixtures.record("docker-20.10-trace.jsonl", 37)
        let request = try decode(CreateEndpointRequest.self, record.request.body_raw)
        #expect(request.endpointID.hasPrefix("c8cfccd2b5b8"))
        #expect(request.interface == EndpointInterface(address: "10.213.0.2/24"))
        #expect(request.portMappings.isEmpty)
        #expect(request.exposedPorts.isEmpty)
        #expect(request.macAddressOption == nil)
        #expect(request.interfaceNameOption == nil)
    }

    @Test("CreateEndpoint port map and exposed ports (20.10 n=76)")
    func createEndpointPorts() throws {
        let record = try TraceFixtures.record("docker-20.10-trace.jsonl", 76)
        let request = try decode(CreateEndpointRequest.self, record.request.body_raw)
        #expect(
            request.portMappings == [
                PortBinding(proto: 6, port: 443, hostIP: "127.0.0.1", hostPort: 8443, hostPortEnd: 8443),
                PortBinding(proto: 6, port: 80, hostPort: 8080, hostPortEnd: 8080),
            ])
        #expect(
            request.exposedPorts == [
                TransportPort(proto: 17, port: 9090), TransportPort(proto: 6, port: 443), TransportPort(proto: 6, port: 80),
            ])
    }

    @Test("CreateEndpoint base64 MAC option (20.10 n=94)")
    func createEndpointMAC() throws {
        let record = try TraceFixtures.record("docker-20.10-trace.jsonl", 94)
        let request = try decode(CreateEndpointRequest.self, record.request.body_raw)
        #expect(request.options[OptionKey.macAddress] == .string("AkIK1QBj"))
        #expect(request.macAddressOption == "02:42:0a:d5:00:63")
        #expect(request.interface.macAddress == "02:42:0a:d5:00:63")
        #expect(request.driverOptions.isEmpty)
    }

    @Test("28.5 CreateEndpoint ifname option and top-level driver opts")
    func createEndpointDriverOpts() throws {
        let requests = try TraceFixtures.records("docker-28.5-trace.jsonl")
            .filter { $0.call == "NetworkDriver.CreateEndpoint" }
            .map { try decode(CreateEndpointRequest.self, $0.request.body_raw) }
        let ifname = try #require(requests.first { $0.interfaceNameOption != nil })
        #expect(ifname.interfaceNameOption == "cnx0")
        #expect(ifname.driverOptions[OptionKey.interfaceName] == "cnx0")
        let opts = try #require(requests.first { $0.options["com.example.k1"] != nil })
        #expect(opts.driverOptions["com.example.k1"] == "v1")
        #expect(opts.driverOptions["k2"] == "v2")
        // Every traced MAC option decodes to colon text.
        for request in requests where request.options[OptionKey.macAddress] != nil {
            let mac = try #require(request.macAddressOption)
            #expect(mac.split(separator: ":").count == 6)
            #expect(mac == request.interface.macAddress)
        }
    }

    @Test("Join sandbox key and options (20.10 n=110)")
    func join() throws {
        let record = try TraceFixtures.record("docker-20.10-trace.jsonl", 110)
        let request = try decode(JoinRequest.self, record.request.body_raw)
        #expect(request.sandboxKey == "/var/run/docker/netns/aebb12b0a606")
        #expect(request.endpointID.hasPrefix("a9ea6bd7a302"))
        #expect(request.portMappings.isEmpty)
        #expect(request.options.keys.sorted() == [OptionKey.exposedPorts, OptionKey.portMap])
        // Every Join in both traces has a netns path (the 28.5 engine ran with another exec-root).
        for record in try TraceFixtures.all() where record.call == "NetworkDriver.Join" {
            let join = try decode(JoinRequest.self, record.request.body_raw)
            #expect(join.sandboxKey.contains("/netns/"), "\(record.label)")
        }
    }

    @Test("ProgramExternalConnectivity port options in both traces")
    func programExternalConnectivity() throws {
        let requests = try TraceFixtures.all()
            .filter { $0.call == "NetworkDriver.ProgramExternalConnectivity" }
            .map { try decode(ProgramExternalConnectivityRequest.self, $0.request.body_raw) }
        let published = try #require(requests.first { !$0.portMappings.isEmpty })
        #expect(published.portMappings.contains(PortBinding(proto: 6, port: 80, hostPort: 8080)))
        // `-P` asks for any host port: HostPort 0.
        #expect(requests.contains { $0.portMappings.contains { $0.hostPort == 0 } })
    }

    @Test("IPAM requests: gateway, aux, MAC option, V6 pool")
    func ipamRequests() throws {
        let records = try TraceFixtures.records("docker-20.10-trace.jsonl")
        let gateway = try decode(
            RequestAddressRequest.self, try TraceFixtures.record("docker-20.10-trace.jsonl", 6).request.body_raw)
        #expect(gateway.isGatewayRequest)
        #expect(gateway.address.isEmpty)
        let addresses = try records.filter { $0.call == "IpamDriver.RequestAddress" }
            .map { try decode(RequestAddressRequest.self, $0.request.body_raw) }
        #expect(addresses.contains { !$0.isGatewayRequest && $0.options.isEmpty })  // Options: null
        let withMAC = try #require(addresses.first { $0.macAddressOption != nil })
        #expect(withMAC.macAddressOption?.split(separator: ":").count == 6)
        let pools = try records.filter { $0.call == "IpamDriver.RequestPool" }
            .map { try decode(RequestPoolRequest.self, $0.request.body_raw) }
        #expect(pools.contains { $0.v6 && $0.pool.isEmpty })
        #expect(pools.contains { $0.addressSpace == "CnmLocal" && $0.pool == "10.213.0.0/24" })
        let release = try records.filter { $0.call == "IpamDriver.ReleaseAddress" }
            .map { try decode(ReleaseAddressRequest.self, $0.request.body_raw) }
        #expect(release.allSatisfy { !$0.address.contains("/") })
    }
}
