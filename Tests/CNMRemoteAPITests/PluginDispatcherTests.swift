// The dispatcher's routing, status codes and error bodies.

import FoundationEssentials
import Testing
@testable import CNMRemoteAPI

/// Parses a response body as JSON.
func json(_ body: [UInt8]) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(body))
}

@Suite("PluginDispatcher")
struct PluginDispatcherTests {
    let network = FakeNetworkDriver()
    let ipam = FakeIPAMDriver()
    var dispatcher: PluginDispatcher { PluginDispatcher(network: network, ipam: ipam) }

    @Test("Activate lists the interfaces that are present")
    func activate() throws {
        let both = dispatcher.handle(method: "Plugin.Activate", body: [])
        #expect(both.status == 200)
        #expect(try json(both.body) == ["Implements": ["NetworkDriver", "IpamDriver"]])
        let onlyIPAM = PluginDispatcher(network: nil, ipam: ipam).handle(method: "Plugin.Activate", body: [])
        #expect(try json(onlyIPAM.body) == ["Implements": ["IpamDriver"]])
        let none = PluginDispatcher(network: nil, ipam: nil).handle(method: "Plugin.Activate", body: [])
        #expect(try json(none.body) == ["Implements": []])
    }

    @Test("unknown calls and absent interfaces are 404")
    func unknown() throws {
        let reply = dispatcher.handle(method: "NetworkDriver.Frobnicate", body: Array("{}".utf8))
        #expect(reply.status == 404)
        #expect(try json(reply.body) == ["Err": "unknown plugin call: NetworkDriver.Frobnicate"])
        #expect(dispatcher.handle(method: "VolumeDriver.Create", body: []).status == 404)
        let noIPAM = PluginDispatcher(network: network, ipam: nil)
        let ipamCall = noIPAM.handle(method: "IpamDriver.GetCapabilities", body: [])
        #expect(ipamCall.status == 404)
        #expect(try json(ipamCall.body) == ["Err": "unknown plugin call: IpamDriver.GetCapabilities"])
    }

    @Test("malformed JSON is 400 with Err naming the call")
    func malformed() throws {
        let reply = dispatcher.handle(method: "NetworkDriver.Join", body: Array("{not json".utf8))
        #expect(reply.status == 400)
        let err = try #require(try json(reply.body)["Err"]?.stringValue)
        #expect(err.hasPrefix("NetworkDriver.Join: invalid request: "))
        #expect(network.calls.isEmpty)
    }

    @Test("missing required field is 400 naming the field")
    func missingField() throws {
        let reply = dispatcher.handle(method: "NetworkDriver.Join", body: Array(#"{"NetworkID":"n"}"#.utf8))
        #expect(reply.status == 400)
        #expect(try json(reply.body) == ["Err": "NetworkDriver.Join: invalid request: missing field EndpointID"])
        let pool = dispatcher.handle(method: "IpamDriver.ReleasePool", body: Array("{}".utf8))
        #expect(try json(pool.body) == ["Err": "IpamDriver.ReleasePool: invalid request: missing field PoolID"])
    }

    @Test("empty or non-object body on a call with arguments is 400")
    func emptyBodyWithArguments() throws {
        let empty = dispatcher.handle(method: "NetworkDriver.CreateNetwork", body: [])
        #expect(empty.status == 400)
        #expect(try json(empty.body) == ["Err": "NetworkDriver.CreateNetwork: invalid request: empty body"])
        let null = dispatcher.handle(method: "NetworkDriver.CreateNetwork", body: Array("null".utf8))
        #expect(null.status == 400)
        let array = dispatcher.handle(method: "NetworkDriver.CreateNetwork", body: Array("[]".utf8))
        #expect(array.status == 400)
    }

    @Test("a thrown DriverError is 500 with its message")
    func driverError() throws {
        let failing = FakeNetworkDriver(failing: ("Join", DriverError("veth create failed: EEXIST")))
        let reply = PluginDispatcher(network: failing, ipam: nil).handle(
            method: "NetworkDriver.Join", body: Array(#"{"NetworkID":"n","EndpointID":"e"}"#.utf8))
        #expect(reply.status == 500)
        #expect(try json(reply.body) == ["Err": "veth create failed: EEXIST"])
    }

    @Test("any other thrown error is 500 with String(describing:)")
    func otherError() throws {
        let failing = FakeIPAMDriver(failing: ("RequestAddress", FixtureError("pool exhausted")))
        let reply = PluginDispatcher(network: nil, ipam: failing).handle(
            method: "IpamDriver.RequestAddress", body: Array(#"{"PoolID":"p","Address":"","Options":null}"#.utf8))
        #expect(reply.status == 500)
        #expect(try json(reply.body) == ["Err": "pool exhausted"])
        let noArgs = FakeNetworkDriver(failing: ("GetCapabilities", DriverError("nope")))
        let caps = PluginDispatcher(network: noArgs, ipam: nil).handle(method: "NetworkDriver.GetCapabilities", body: [])
        #expect(caps.status == 500)
        #expect(try json(caps.body) == ["Err": "nope"])
    }

    @Test("no-argument calls accept an empty body")
    func emptyBodyCalls() throws {
        let caps = dispatcher.handle(method: "NetworkDriver.GetCapabilities", body: [])
        #expect(caps.status == 200)
        #expect(try json(caps.body) == ["Scope": "local", "ConnectivityScope": "local"])
        let ipamCaps = dispatcher.handle(method: "IpamDriver.GetCapabilities", body: [])
        #expect(try json(ipamCaps.body) == ["RequiresMACAddress": false, "RequiresRequestReplay": false])
        let spaces = dispatcher.handle(method: "IpamDriver.GetDefaultAddressSpaces", body: [])
        #expect(
            try json(spaces.body) == ["LocalDefaultAddressSpace": "CnmLocal", "GlobalDefaultAddressSpace": "CnmGlobal"])
    }

    @Test("default implementations answer the no-op calls")
    func defaults() throws {
        let ids = Array(#"{"NetworkID":"n","EndpointID":"e"}"#.utf8)
        let cases: [(String, [UInt8], JSONValue)] = [
            ("NetworkDriver.EndpointOperInfo", ids, ["Value": [:]]),
            ("NetworkDriver.Leave", ids, [:]),
            ("NetworkDriver.RevokeExternalConnectivity", ids, [:]),
            ("NetworkDriver.ProgramExternalConnectivity", ids, [:]),
            ("NetworkDriver.DiscoverNew", Array(#"{"DiscoveryType":1,"DiscoveryData":{"Self":true}}"#.utf8), [:]),
            ("NetworkDriver.DiscoverDelete", Array(#"{"DiscoveryType":1}"#.utf8), [:]),
            ("NetworkDriver.AllocateNetwork", Array(#"{"NetworkID":"n","Options":null}"#.utf8), ["Options": [:]]),
            ("NetworkDriver.FreeNetwork", Array(#"{"NetworkID":"n"}"#.utf8), [:]),
            ("NetworkDriver.GwAllocCheck", Array(#"{"Options":{}}"#.utf8), ["SkipIPv4": false, "SkipIPv6": false]),
        ]
        for (method, body, expected) in cases {
            let reply = dispatcher.handle(method: method, body: body)
            #expect(reply.status == 200, "\(method)")
            #expect(try json(reply.body) == expected, "\(method)")
        }
        #expect(network.calls.isEmpty)
    }

    @Test("a leading slash is tolerated")
    func leadingSlash() {
        #expect(dispatcher.handle(method: "/NetworkDriver.GetCapabilities", body: []).status == 200)
    }

    @Test("dispatch reports IDs for logging")
    func ids() throws {
        let record = try TraceFixtures.record("docker-20.10-trace.jsonl", 110)
        let result = dispatcher.dispatch(method: record.call, body: record.body)
        #expect(result.call == "NetworkDriver.Join")
        #expect(result.networkID == "d40c44d58fa15c30a21e45779a33a07f3a9ce909bd693eaab33997683c288cca")
        #expect(result.logMetadata.map(\.0) == ["net", "ep"])
        #expect(result.logMetadata.map(\.1) == ["d40c44d58fa1", "a9ea6bd7a302"])
        let pool = dispatcher.dispatch(method: "IpamDriver.ReleasePool", body: Array(#"{"PoolID":"CnmLocal/10.0.0.0/24"}"#.utf8))
        #expect(pool.logMetadata.map(\.1) == ["CnmLocal/10.0.0.0/24"])
        #expect(dispatcher.dispatch(method: "Plugin.Activate", body: []).logMetadata.isEmpty)
    }

    @Test("every traced request replays to 200 with a JSON object body", arguments: TraceFixtures.fileNames)
    func replay(fileName: String) throws {
        let network = FakeNetworkDriver()
        let ipam = FakeIPAMDriver()
        let dispatcher = PluginDispatcher(network: network, ipam: ipam)
        let records = try TraceFixtures.records(fileName)
        for record in records {
            let reply = dispatcher.handle(method: record.call, body: record.body)
            #expect(reply.status == 200, "\(record.label): \(String(decoding: reply.body, as: UTF8.self))")
            #expect(!reply.body.isEmpty, "\(record.label)")
            #expect(try json(reply.body).objectValue != nil, "\(record.label)")
        }
        // Each call the fakes implement reached them exactly once per traced request.
        for (prefix, calls) in [("NetworkDriver.", network.calls), ("IpamDriver.", ipam.calls)] {
            for name in Set(calls) {
                let traced = records.filter { $0.call == prefix + name }.count
                #expect(calls.filter { $0 == name }.count == traced, "\(prefix)\(name)")
            }
        }
        #expect(network.calls.count > 100)
        #expect(ipam.calls.count > 100)
    }
}
