import CNIExec
import Testing

@testable import AdapterService

@Suite struct TranslationTests {
    @Test func joinRoutingFromResult() {
        let result = CNIResult(
            ips: [.init(address: "10.1.0.5/24", gateway: "10.1.0.1")],
            routes: [.init(dst: "0.0.0.0/0"), .init(dst: "10.99.0.0/16"), .init(dst: "10.98.0.0/16", gw: "10.1.0.254"),
                     .init(dst: "fd00:9::/64")])
        let routing = JoinRouting.from(result)
        #expect(routing.gateway == "10.1.0.1")
        #expect(routing.gatewayV6 == nil)
        #expect(routing.routes == [
            RouteRecord(destination: "10.99.0.0/16", routeType: 0, nextHop: "10.1.0.1"),
            RouteRecord(destination: "10.98.0.0/16", routeType: 0, nextHop: "10.1.0.254"),
            // No IPv6 gateway: on-link.
            RouteRecord(destination: "fd00:9::/64", routeType: 1, nextHop: nil),
        ])
    }

    @Test func internalNetworkHasNoGateway() {
        let result = CNIResult(ips: [.init(address: "10.1.0.5/24", gateway: "10.1.0.1")])
        #expect(JoinRouting.from(result) == JoinRouting(gateway: nil, gatewayV6: nil, routes: []))
    }

    @Test func derivedMAC() {
        #expect(DerivedMAC.from(ipv4: "10.231.7.2/24") == "02:42:0a:e7:07:02")
        #expect(DerivedMAC.from(ipv4: "") == nil)
        #expect(DerivedMAC.from(ipv4: "fd00::1/64") == nil)
    }

    @Test func namesFitIFNAMSIZAndCarryOurPrefix() {
        let id = String(repeating: "ab12", count: 16)
        // Link names must fit IFNAMSIZ; namespace names are file names and may be longer.
        for name in [Names.bridge(networkID: id), Names.hostLink(endpointID: id)] {
            #expect(name.hasPrefix("cnia"))
            #expect(name.utf8.count <= 15)
        }
        #expect(Names.stagingNamespace(endpointID: id).hasPrefix("cnia-"))
        #expect(Names.isSafeID(id))
        #expect(!Names.isSafeID("../etc"))
        #expect(!Names.isSafeID("a/b"))
        #expect(!Names.isSafeID(""))
    }

    @Test func networkOptions() throws {
        #expect(try NetworkOptions.parse([:]) == NetworkOptions())
        #expect(try NetworkOptions.parse(["com.docker.network.driver.mtu": "1400"]).mtu == 1400)
        #expect(throws: AdapterError.self) { try NetworkOptions.parse(["com.docker.network.driver.mtu": "9"]) }
        #expect(throws: AdapterError.self) { try NetworkOptions.parse(["bogus": "1"]) }
        #expect(try NetworkOptions.parse(["cni.network": "mynet", "com.docker.network.driver.mtu": "1500"]).userNetwork == "mynet")
        #expect(throws: AdapterError.self) { try NetworkOptions.parse(["cni.network": "../etc/passwd"]) }
        #expect(throws: AdapterError.self) { try NetworkOptions.parse(["cni.network": "a;IP=1"]) }
        #expect(throws: AdapterError.self) { try NetworkOptions.parse(["cni.bridge": "a-very-long-bridge-name"]) }
        #expect(try NetworkOptions.parse(["cni.masquerade": "false", "cni.hairpin": "0"]).masquerade == false)
        #expect(throws: AdapterError.self) { try NetworkOptions.parse(["cni.masquerade": "maybe"]) }
        #expect(throws: AdapterError.self) { try NetworkOptions.parse(["cni.network": "x", "cni.bridge": "b"]) }
    }

    @Test func generatedConflistUsesTheBundledPluginsByDefault() throws {
        let config = GeneratedNetworkConfig(
            cniName: "n", bridge: "b", ranges: [.init(subnet: "10.1.0.0/24", gateway: nil, v6: false)],
            isolated: true, mtu: nil, masquerade: false, hairpin: true, ipamDataDir: "/d")
        let list = try CNIExec.NetworkConfigList.parse(Array(try config.json().utf8))
        #expect(list.plugins.map(\.type) == ["cni-adapter-bridge", "portmap"])
        #expect(list.plugins[0].raw["ipam"]?["type"]?.stringValue == "cni-adapter-ipam")
        // --internal: no default route.
        #expect(list.plugins[0].raw["ipam"]?["routes"] == nil)
    }

    @Test func generatedConflistIsStable() throws {
        let config = GeneratedNetworkConfig(
            cniName: "cnia-net", bridge: "cnia-br", ranges: [.init(subnet: "10.1.0.0/24", gateway: "10.1.0.1", v6: false)],
            isolated: false, mtu: 1400, masquerade: true, hairpin: true, ipamDataDir: "/var/lib/x", bundled: false)
        #expect(try config.json() == #"{"cniVersion":"1.0.0","name":"cnia-net","plugins":[{"bridge":"cnia-br","capabilities":{"ips":true,"mac":true},"hairpinMode":true,"ipMasq":true,"ipam":{"dataDir":"/var/lib/x","ranges":[[{"gateway":"10.1.0.1","subnet":"10.1.0.0/24"}]],"routes":[{"dst":"0.0.0.0/0"}],"type":"host-local"},"isGateway":true,"mtu":1400,"type":"bridge"},{"capabilities":{"portMappings":true},"snat":true,"type":"portmap"}]}"#)
    }
}
