// Results of every version parse into the one model, and encode back per version.

import CNIExec
import Testing

@Suite struct CNIResultTests {
    typealias I = CNIResult.Interface
    typealias IP = CNIResult.IPConfig
    typealias R = CNIResult.Route

    /// What the 0.3.x/0.4.0 fixtures mean (bridge-like: bridge, host veth, container veth).
    static func legacyModel(_ version: String) -> CNIResult {
        CNIResult(
            cniVersion: version,
            interfaces: [
                I(name: "cni0", mac: "0a:58:0a:e7:00:01"),
                I(name: "veth1b3c2d4e", mac: "6e:0f:2a:11:22:33"),
                I(name: "eth0", mac: "02:42:0a:e7:00:03", sandbox: "/var/run/netns/blue"),
            ],
            ips: [
                IP(address: "10.231.0.3/16", gateway: "10.231.0.1", interface: 2),
                IP(address: "fd00:1::3/64", gateway: "fd00:1::1", interface: 2),
            ],
            routes: [R(dst: "0.0.0.0/0"), R(dst: "::/0", gw: "fd00:1::1")])
    }

    static let expected: [String: CNIResult] = {
        var models: [String: CNIResult] = [:]
        for v in ["0.3.0", "0.3.1", "0.4.0"] { models[v] = legacyModel(v) }
        var v100 = legacyModel("1.0.0")
        v100.dns = CNIResult.DNS(
            nameservers: ["10.231.0.1"], domain: "example.test", search: ["example.test"], options: ["ndots:2"])
        models["1.0.0"] = v100
        var v110 = legacyModel("1.1.0")
        v110.interfaces = [
            I(name: "cni0", mac: "0a:58:0a:e7:00:01", mtu: 1500),
            I(name: "veth1b3c2d4e", mac: "6e:0f:2a:11:22:33", mtu: 1500),
            I(name: "eth0", mac: "02:42:0a:e7:00:03", mtu: 1500, sandbox: "/var/run/netns/blue",
              socketPath: "/run/vhost/eth0.sock", pciID: "0000:00:1f.6"),
        ]
        v110.routes[0] = R(dst: "0.0.0.0/0", mtu: 1400, advmss: 1360, priority: 100, table: 254, scope: 0)
        v110.dns = CNIResult.DNS(nameservers: ["10.231.0.1"])
        models["1.1.0"] = v110
        models["0.2.0"] = CNIResult(
            cniVersion: "0.2.0",
            ips: [IP(address: "10.231.0.3/16", gateway: "10.231.0.1"), IP(address: "fd00:1::3/64", gateway: "fd00:1::1")],
            routes: [R(dst: "0.0.0.0/0"), R(dst: "::/0", gw: "fd00:1::1")],
            dns: CNIResult.DNS(nameservers: ["10.231.0.1"]))
        return models
    }()

    @Test(arguments: ["0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"])
    func parsesGoldenFixture(version: String) throws {
        let result = try CNIResult.parse(try Fixtures.bytes("result-\(version).json"))
        #expect(result == Self.expected[version])
    }

    @Test(arguments: ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"])
    func roundTripsThroughItsOwnVersion(version: String) throws {
        let model = try #require(Self.expected[version])
        #expect(try CNIResult.parse(try model.encoded(version: version)) == model)
    }

    @Test func downConvertsTo040Golden() throws {
        let model = try #require(Self.expected["1.1.0"])
        let text = String(decoding: try model.encoded(version: "0.4.0"), as: UTF8.self)
        // 1.1.0-only fields (mtu, socketPath, pciID, route attributes) dropped; ips gain "version".
        #expect(text == #"{"cniVersion":"0.4.0","dns":{"nameservers":["10.231.0.1"]},"#
            + #""interfaces":[{"mac":"0a:58:0a:e7:00:01","name":"cni0"},{"mac":"6e:0f:2a:11:22:33","name":"veth1b3c2d4e"},"#
            + #"{"mac":"02:42:0a:e7:00:03","name":"eth0","sandbox":"/var/run/netns/blue"}],"#
            + #""ips":[{"address":"10.231.0.3/16","gateway":"10.231.0.1","interface":2,"version":"4"},"#
            + #"{"address":"fd00:1::3/64","gateway":"fd00:1::1","interface":2,"version":"6"}],"#
            + #""routes":[{"dst":"0.0.0.0/0"},{"dst":"::/0","gw":"fd00:1::1"}]}"#)
    }

    @Test func encodes020WithFirstAddressPerFamily() throws {
        let model = try #require(Self.expected["1.1.0"])
        let back = try CNIResult.parse(try model.encoded(version: "0.2.0"))
        #expect(back.ips.map(\.address) == ["10.231.0.3/16", "fd00:1::3/64"])
        #expect(back.routes.map(\.dst) == ["0.0.0.0/0", "::/0"])
    }

    @Test func missingVersionTakesTheDefault() throws {
        let result = try CNIResult.parse(Array(#"{"ips":[{"address":"10.0.0.2/24"}]}"#.utf8), defaultVersion: "0.4.0")
        #expect(result.cniVersion == "0.4.0")
        #expect(result.ips == [IP(address: "10.0.0.2/24")])
    }

    @Test(arguments: [
        (#"{"cniVersion":"9.9.9"}"#, "not supported"),
        (#"not json"#, "not valid JSON"),
        (#"[1]"#, "must be a JSON object"),
        (#"{"cniVersion":"1.0.0","ips":[{"gateway":"10.0.0.1"}]}"#, "ips[0].address is missing"),
        (#"{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","mtu":"big"}]}"#, "interfaces[0].mtu must be an integer"),
    ])
    func rejectsBadResults(text: String, message: String) {
        #expect {
            _ = try CNIResult.parse(Array(text.utf8))
        } throws: { error in
            (error as? CNIExecError)?.cniError.msg.contains(message) == true
        }
    }

    @Test func emptyDNSIsOmitted() throws {
        let text = String(decoding: try CNIResult(cniVersion: "1.0.0").encoded(version: "1.0.0"), as: UTF8.self)
        #expect(text == #"{"cniVersion":"1.0.0"}"#)
    }
}
