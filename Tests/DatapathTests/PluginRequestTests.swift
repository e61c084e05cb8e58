import CNIExec
import Testing

@testable import Datapath

/// The skel rules: required variables, codes, version floors, VERSION echo (cni.md §1.2, §2).
@Suite struct PluginRequestTests {
    let config: JSONValue = .object(["cniVersion": .string("1.1.0"), "name": .string("n"), "ipam": .object([:])])

    func code(_ env: [String: String], _ stdin: JSONValue? = nil) -> Int? {
        let (rc, out) = Plugin.run("ipam", env, stdin ?? config)
        return rc == 0 ? nil : out?["code"]?.intValue
    }

    @Test func missingAndInvalidEnvironment() {
        #expect(code([:]) == 4)
        #expect(code(["CNI_COMMAND": "FROB"]) == 4)
        #expect(code(Plugin.env("ADD", id: "")) == 3)
        #expect(code(Plugin.env("ADD", id: "bad/id")) == 4)
        #expect(code(Plugin.env("ADD", ifname: "a-name-too-long-for-linux")) == 4)
        #expect(code(Plugin.env("ADD", netns: "")) == 4)
        var gc = Plugin.env("GC")
        gc["CNI_PATH"] = ""
        #expect(code(gc) == 4)
    }

    @Test func badConfig() {
        #expect(code(Plugin.env("ADD"), .string("x")) == 6)
        #expect(code(Plugin.env("ADD"), .object(["cniVersion": .string("1.1.0")])) == 7)
        #expect(code(Plugin.env("ADD"), config.with("cniVersion", .string("9.9.9"))) == 1)
        #expect(code(Plugin.env("CHECK"), config.with("cniVersion", .string("0.3.1"))) == 1)
        #expect(code(Plugin.env("GC"), config.with("cniVersion", .string("1.0.0"))) == 1)
        #expect(code(Plugin.env("STATUS"), config.with("cniVersion", .string("1.0.0"))) == 1)
    }

    @Test func versionEchoesTheCallersVersion() {
        let (rc, out) = Plugin.run("bridge", ["CNI_COMMAND": "VERSION"], .object(["cniVersion": .string("0.4.0")]))
        #expect(rc == 0)
        #expect(out?["cniVersion"]?.stringValue == "0.4.0")
        #expect(out?["supportedVersions"]?.arrayValue?.contains(.string("1.1.0")) == true)
    }

    @Test func statusIsReady() {
        #expect(code(Plugin.env("STATUS")) == nil)
    }

    @Test func argv0NamesAndHostVethNames() {
        #expect(BundledPlugin(name: "cni-adapter-bridge") == .bridge)
        #expect(BundledPlugin(name: "ipam") == .ipam)
        #expect(BundledPlugin(name: "host-local") == nil)
        let name = BridgePlugin.hostVethName(containerID: "abc", ifname: "eth0")
        #expect(name.count == 12 && name.hasPrefix("veth"))
        #expect(name == BridgePlugin.hostVethName(containerID: "abc", ifname: "eth0"))
        #expect(name != BridgePlugin.hostVethName(containerID: "abc", ifname: "eth1"))
    }
}
