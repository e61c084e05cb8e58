// Decoding follows Go's encoding/json: unknown keys ignored, null/missing → empty.

import FoundationEssentials
import Testing
@testable import CNMRemoteAPI

@Suite("Tolerant decoding")
struct TolerantDecodingTests {
    @Test("unknown keys are ignored, null Options and Interface become empty")
    func nullsAndUnknowns() throws {
        let request = try decode(
            CreateEndpointRequest.self,
            #"{"NetworkID":"n","EndpointID":"e","Interface":null,"Options":null,"Future":{"x":1}}"#)
        #expect(request.interface.isEmpty)
        #expect(request.options.isEmpty)
        #expect(request.portMappings.isEmpty)
        let absent = try decode(CreateEndpointRequest.self, #"{"NetworkID":"n","EndpointID":"e"}"#)
        #expect(absent == CreateEndpointRequest(networkID: "n", endpointID: "e"))
        let network = try decode(CreateNetworkRequest.self, #"{"NetworkID":"n","Options":null,"IPv4Data":null}"#)
        #expect(network.genericOptions.isEmpty && network.ipv4Data.isEmpty && !network.enableIPv6)
        let join = try decode(JoinRequest.self, #"{"NetworkID":"n","EndpointID":"e","Options":null}"#)
        #expect(join.sandboxKey.isEmpty && join.options.isEmpty)
    }

    @Test("missing IDs are errors")
    func missingIDs() {
        #expect(throws: DecodingError.self) { try decode(CreateNetworkRequest.self, "{}") }
        #expect(throws: DecodingError.self) { try decode(JoinRequest.self, #"{"NetworkID":"n"}"#) }
        #expect(throws: DecodingError.self) { try decode(RequestAddressRequest.self, #"{"Address":""}"#) }
        #expect(throws: DecodingError.self) { try decode(DeleteNetworkRequest.self, #"{"NetworkID":null}"#) }
    }

    @Test("wrong Options type is an error")
    func wrongOptionsType() {
        #expect(throws: DecodingError.self) {
            try decode(CreateNetworkRequest.self, #"{"NetworkID":"n","Options":[1]}"#)
        }
    }

    @Test("string maps keep scalar non-strings as text")
    func stringMaps() throws {
        let request = try decode(
            RequestPoolRequest.self, #"{"AddressSpace":"a","Options":{"n":5,"b":true,"s":"x","o":{}}}"#)
        #expect(request.options == ["n": "5", "b": "true", "s": "x"])
        let network = try decode(
            CreateNetworkRequest.self, #"{"NetworkID":"n","Options":{"com.docker.network.generic":{"mtu":1400}}}"#)
        #expect(network.genericOptions == ["mtu": "1400"])
    }

    @Test("MAC option forms", arguments: [
        ("AkIK1QBj", "02:42:0a:d5:00:63"),
        ("02:42:0A:D5:00:63", "02:42:0a:d5:00:63"),
        ("not base64!", nil),
        ("", nil),
    ] as [(String, String?)])
    func macForms(input: String, expected: String?) {
        #expect(MACAddress.normalize(input) == expected)
    }

    @Test("port entries that are not objects are skipped")
    func malformedPorts() throws {
        let request = try decode(
            CreateEndpointRequest.self,
            #"{"NetworkID":"n","EndpointID":"e","Options":{"com.docker.network.portmap":[1,{"Proto":6,"Port":80,"HostPort":8080,"HostPortEnd":8080}],"com.docker.network.endpoint.exposedports":"x"}}"#
        )
        #expect(request.portMappings == [PortBinding(proto: 6, port: 80, hostPort: 8080)])
        #expect(request.exposedPorts.isEmpty)
    }
}

@Suite("JSONValue")
struct JSONValueTests {
    @Test("decodes every kind and round-trips")
    func roundTrip() throws {
        let text = #"{"a":null,"b":true,"c":1.5,"d":80,"e":"s","f":[1,"x"],"g":{"h":false}}"#
        let value = try decode(JSONValue.self, text)
        #expect(value["a"] == .null)
        #expect(value["b"]?.boolValue == true)
        #expect(value["c"]?.doubleValue == 1.5)
        #expect(value["d"]?.intValue == 80)
        #expect(value["c"]?.intValue == nil)
        #expect(value["e"]?.stringValue == "s")
        #expect(value["f"]?[1]?.stringValue == "x")
        #expect(value["f"]?[5] == nil)
        #expect(value["g"]?["h"]?.boolValue == false)
        #expect(value["missing"] == nil)
        #expect(try decode(JSONValue.self, String(decoding: JSONEncoder().encode(value), as: UTF8.self)) == value)
    }

    @Test("integral numbers encode without a fraction")
    func integralNumbers() throws {
        let data = try JSONEncoder().encode(JSONValue.array([80, 1.5]))
        #expect(String(decoding: data, as: UTF8.self) == "[80,1.5]")
    }

    @Test("bools stay bools, not numbers")
    func boolsStayBools() throws {
        #expect(try decode(JSONValue.self, "true") == .bool(true))
        #expect(try decode(JSONValue.self, "1") == .integer(1))
        #expect(JSONValue.bool(true).scalarText == "true")
    }
}
