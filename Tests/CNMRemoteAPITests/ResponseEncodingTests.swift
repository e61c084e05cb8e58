// Responses encode with Docker's keys and without fields Docker would misread.

import FoundationEssentials
import Testing
@testable import CNMRemoteAPI

@Suite("Response encoding")
struct ResponseEncodingTests {
    @Test("Activate and capabilities use Docker's keys")
    func capabilities() throws {
        #expect(try encodedKeys(ActivateResponse(implements: ["NetworkDriver"])) == ["Implements"])
        #expect(try encodedKeys(NetworkCapabilities()) == ["ConnectivityScope", "Scope"])
        #expect(
            try encodedKeys(NetworkCapabilities(gwAllocChecker: true)) == ["ConnectivityScope", "GwAllocChecker", "Scope"])
        #expect(try encodedKeys(IPAMCapabilities()) == ["RequiresMACAddress", "RequiresRequestReplay"])
        #expect(
            try encodedKeys(AddressSpacesResponse(localDefaultAddressSpace: "L", globalDefaultAddressSpace: "G"))
                == ["GlobalDefaultAddressSpace", "LocalDefaultAddressSpace"])
    }

    @Test("CreateEndpoint response carries only non-empty interface fields")
    func createEndpointResponse() throws {
        #expect(try encodeToJSON(CreateEndpointResponse()) == [:])
        #expect(try encodeToJSON(CreateEndpointResponse(interface: EndpointInterface())) == [:])
        #expect(
            try encodeToJSON(CreateEndpointResponse(interface: EndpointInterface(macAddress: "02:42:0a:db:00:02")))
                == ["Interface": ["MacAddress": "02:42:0a:db:00:02"]])
        #expect(
            try encodeToJSON(
                CreateEndpointResponse(
                    interface: EndpointInterface(address: "10.219.0.2/24", macAddress: "02:42:0a:db:00:02")))
                == ["Interface": ["Address": "10.219.0.2/24", "MacAddress": "02:42:0a:db:00:02"]])
    }

    @Test("Join response: full and minimal")
    func joinResponse() throws {
        let full = JoinResponse(
            interfaceName: InterfaceName(srcName: "cncc8cfccd2", dstPrefix: "eth"),
            gateway: "10.213.0.1", gatewayIPv6: "fd00:213::1",
            staticRoutes: [
                StaticRoute(destination: "10.99.0.0/16", routeType: StaticRoute.nextHopType, nextHop: "10.221.0.1"),
                StaticRoute(destination: "10.98.0.0/16", routeType: StaticRoute.connectedType),
            ],
            disableGatewayService: true)
        #expect(
            try encodeToJSON(full) == [
                "InterfaceName": ["SrcName": "cncc8cfccd2", "DstPrefix": "eth"],
                "Gateway": "10.213.0.1", "GatewayIPv6": "fd00:213::1",
                "StaticRoutes": [
                    ["Destination": "10.99.0.0/16", "RouteType": 0, "NextHop": "10.221.0.1"],
                    ["Destination": "10.98.0.0/16", "RouteType": 1],
                ],
                "DisableGatewayService": true,
            ])
        #expect(
            try encodeToJSON(JoinResponse(interfaceName: InterfaceName(srcName: "cnc1"), gateway: "10.0.0.1"))
                == ["InterfaceName": ["SrcName": "cnc1", "DstPrefix": "eth"], "Gateway": "10.0.0.1"])
        #expect(try encodeToJSON(JoinResponse()) == [:])
    }

    @Test("EndpointOperInfo and AllocateNetwork always carry their map")
    func alwaysPresentMaps() throws {
        #expect(try encodeToJSON(EndpointInfoResponse()) == ["Value": [:]])
        #expect(try encodeToJSON(AllocateNetworkResponse()) == ["Options": [:]])
    }

    @Test("IPAM responses omit empty Data")
    func ipamResponses() throws {
        #expect(
            try encodeToJSON(RequestPoolResponse(poolID: "p1", pool: "10.0.0.0/24"))
                == ["PoolID": "p1", "Pool": "10.0.0.0/24"])
        #expect(
            try encodeToJSON(
                RequestPoolResponse(poolID: "p1", pool: "10.0.0.0/24", data: [OptionKey.gateway: "10.0.0.1/24"]))
                == ["PoolID": "p1", "Pool": "10.0.0.0/24", "Data": ["com.docker.network.gateway": "10.0.0.1/24"]])
        #expect(try encodeToJSON(RequestAddressResponse(address: "10.0.0.2/24")) == ["Address": "10.0.0.2/24"])
        #expect(try encodeToJSON(ErrorResponse(err: "boom")) == ["Err": "boom"])
    }

    @Test("requests re-encode with Docker's keys")
    func requestsRoundTrip() throws {
        for record in try TraceFixtures.all() {
            guard let request = try decodeTracedRequest(record) as? any Encodable else { continue }
            let original = try decode(JSONValue.self, record.request.body_raw)
            let reencoded = try encodeToJSON(request)
            // Same keys; CreateEndpoint's Interface drops its empty fields by design.
            #expect(reencoded.objectValue?.keys.sorted() == original.objectValue?.keys.sorted(), "\(record.label)")
            if record.call != "NetworkDriver.CreateEndpoint" {
                #expect(reencoded == original.nullsAsEmptyObjects, "\(record.label)")
            }
        }
    }

    @Test("traced 200 responses decode, and re-encode to a subset of their keys")
    func tracedResponsesRoundTrip() throws {
        for record in try TraceFixtures.all() where record.response.status == 200 {
            // Skip the fault-injected 200 + Err/Error answers (cnm-protocol.md §2.1 table).
            guard let body = record.response.body, body.objectValue != nil, body["Err"] == nil, body["Error"] == nil
            else { continue }
            let text = String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
            let value: (any Encodable)?
            switch record.call {
            case "Plugin.Activate": value = try decode(ActivateResponse.self, text)
            case "NetworkDriver.GetCapabilities": value = try decode(NetworkCapabilities.self, text)
            case "NetworkDriver.CreateEndpoint": value = try decode(CreateEndpointResponse.self, text)
            case "NetworkDriver.EndpointOperInfo": value = try decode(EndpointInfoResponse.self, text)
            case "NetworkDriver.Join": value = try decode(JoinResponse.self, text)
            case "IpamDriver.GetCapabilities": value = try decode(IPAMCapabilities.self, text)
            case "IpamDriver.GetDefaultAddressSpaces": value = try decode(AddressSpacesResponse.self, text)
            case "IpamDriver.RequestPool": value = try decode(RequestPoolResponse.self, text)
            case "IpamDriver.RequestAddress": value = try decode(RequestAddressResponse.self, text)
            default: value = nil
            }
            guard let value else { continue }
            let keys = Set(try encodeToJSON(value).objectValue?.keys.map { $0 } ?? [])
            #expect(keys.isSubset(of: Set(body.objectValue?.keys.map { $0 } ?? [])), "\(record.label)")
        }
    }
}

extension JSONValue {
    /// The value with null members replaced by `{}` (Docker sends `"Options": null`;
    /// the wire types decode it as an empty map and encode `{}`).
    var nullsAsEmptyObjects: JSONValue {
        switch self {
        case .object(let members):
            return .object(members.mapValues { $0.isNull ? [:] : $0.nullsAsEmptyObjects })
        case .array(let elements):
            return .array(elements.map(\.nullsAsEmptyObjects))
        default:
            return self
        }
    }
}
