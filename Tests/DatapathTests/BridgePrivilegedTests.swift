import AdapterOS
import CNIExec
import Testing

@testable import Datapath

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The bridge plugin for real, inside the private network namespace of `unshare -n swift test`:
/// links, rules and traffic stay in namespaces this suite creates. Namespace files live in a
/// `cnia-` temp dir and are unmounted and removed even when a test fails.
@Suite(.serialized, .enabled(if: privilegedTestsEnabled, "needs root, CNI_ADAPTER_PRIV_TESTS=1 and unshare -n"))
struct BridgePrivilegedTests {
    /// Namespaces + data dir + bridge for one test, torn down by `close()`.
    final class Lab {
        let tmp: TempDir
        let store: NamespaceStore
        let bridge: String

        init(bridge: String) throws {
            tmp = try TempDir()
            store = NamespaceStore(directory: tmp.path + "/netns")
            self.bridge = bridge
            // Docker's policy: without our accept rules nothing crosses the bridge.
            _ = try SystemIptables().run(["-P", "FORWARD", "DROP"])
        }

        func netns(_ name: String) throws -> String { try store.ensure(name) }

        func config(ipam: JSONValue? = nil, ranges: [[String]] = [["10.88.0.0/24"]], extra: [String: JSONValue] = [:]) -> JSONValue {
            var o: [String: JSONValue] = [
                "cniVersion": .string("1.1.0"), "name": .string("cnialab"), "type": .string("cni-adapter-bridge"),
                "bridge": .string(bridge), "isGateway": .bool(true), "hairpinMode": .bool(true),
                "ipam": ipam ?? (Plugin.ipamConfig(dataDir: tmp.path + "/ipam", ranges: ranges)["ipam"] ?? .null),
            ]
            for (k, v) in extra { o[k] = v }
            return .object(o)
        }

        func close() {
            for name in (try? store.list()) ?? [] { try? store.remove(name) }
            try? Links(NetlinkSocket()).delete(bridge)
            tmp.remove()
        }
    }

    static func ping(from netns: String, _ address: String) -> Bool {
        let tool = address.contains(":") ? "ping6" : "ping"
        let result = try? Subprocess.run(
            "/usr/bin/nsenter", arguments: ["--net=\(netns)", "/bin/busybox", tool, "-c", "1", "-W", "2", address], timeout: 10)
        return result?.status == 0
    }

    static func address(_ result: JSONValue?, _ i: Int = 0) -> String {
        let text = result?.addresses[i] ?? ""
        return String(text.split(separator: "/").first ?? "")
    }

    @Test func twoNamespacesPingEachOtherAndTheGatewayThroughForwardDrop() throws {
        let lab = try Lab(bridge: "cniabr1")
        defer { lab.close() }
        let (a, b) = (try lab.netns("a"), try lab.netns("b"))
        let config = lab.config(ranges: [["10.88.0.0/24"], ["fd88::/64"]], extra: ["ipMasq": .bool(true)])
        let (rcA, ra) = Plugin.run("bridge", Plugin.env("ADD", id: "a", netns: a), config)
        let (rcB, rb) = Plugin.run("bridge", Plugin.env("ADD", id: "b", netns: b), config)
        #expect(rcA == 0 && rcB == 0, "\(String(describing: ra)) \(String(describing: rb))")
        #expect(ra?["interfaces"]?.arrayValue?.count == 3)
        #expect(Self.ping(from: a, Self.address(rb)))
        #expect(Self.ping(from: b, Self.address(ra)))
        #expect(Self.ping(from: a, "10.88.0.1"))
        #expect(Self.ping(from: a, Self.address(rb, 1)))  // IPv6 across the bridge
        // CHECK right after ADD passes.
        let prev = config.with("prevResult", ra ?? .null)
        #expect(Plugin.run("bridge", Plugin.env("CHECK", id: "a", netns: a), prev).0 == 0)
    }

    @Test func checkReportsRemovedAddressAndRoute() throws {
        let lab = try Lab(bridge: "cniabr2")
        defer { lab.close() }
        let ns = try lab.netns("c")
        var ipam = lab.config()["ipam"] ?? .null
        ipam = ipam.with("routes", .array([.object(["dst": .string("10.200.0.0/16")])]))
        let config = lab.config(ipam: ipam)
        let (rc, result) = Plugin.run("bridge", Plugin.env("ADD", id: "c", netns: ns), config)
        #expect(rc == 0)
        let prev = config.with("prevResult", result ?? .null)
        let (rcCheck, checkError) = Plugin.run("bridge", Plugin.env("CHECK", id: "c", netns: ns), prev)
        #expect(rcCheck == 0, "\(String(describing: checkError))")

        // FORWARD jump removed (someone flushed it) → CHECK fails naming the rules; restored → passes.
        let iptables = SystemIptables()
        #expect(try iptables.run(["-t", "filter", "-D", "FORWARD", "-j", BridgeForwardRules.chain]).status == 0)
        let (rcRules, rulesError) = Plugin.run("bridge", Plugin.env("CHECK", id: "c", netns: ns), prev)
        #expect(rcRules == 1)
        #expect(rulesError?["msg"]?.stringValue?.contains("accept rules for cniabr2 are missing") == true)
        try BridgeForwardRules(iptables: iptables).ensureJump()
        #expect(Plugin.run("bridge", Plugin.env("CHECK", id: "c", netns: ns), prev).0 == 0)

        let socket = try NetlinkSocket.inNamespace(ns)
        let link = try #require(try Links(socket).get("eth0"))
        // Route removed → CHECK fails naming it.
        let route = try #require(try Routes(socket).list(index: link.index).first { $0.destination.description == "10.200.0.0/16" })
        try Routes(socket).delete(route)
        let (rcRoute, routeError) = Plugin.run("bridge", Plugin.env("CHECK", id: "c", netns: ns), prev)
        #expect(rcRoute == 1)
        #expect(routeError?["msg"]?.stringValue?.contains("route 10.200.0.0/16") == true)
        // Address removed → CHECK fails naming it.
        let address = try #require(IPPrefix(result?.addresses.first ?? ""))
        try Routes(socket).add(route)
        try Addresses(socket).delete(address, index: link.index, linkName: "eth0")
        let (rcAddr, addrError) = Plugin.run("bridge", Plugin.env("CHECK", id: "c", netns: ns), prev)
        #expect(rcAddr == 1)
        #expect(addrError?["msg"]?.stringValue?.contains("Failed to match addr") == true)
    }

    @Test func delIsIdempotentAndToleratesAMissingNamespace() throws {
        let lab = try Lab(bridge: "cniabr3")
        defer { lab.close() }
        let ns = try lab.netns("d")
        let config = lab.config()
        let (rc, result) = Plugin.run("bridge", Plugin.env("ADD", id: "d", netns: ns), config)
        #expect(rc == 0)
        let prev = config.with("prevResult", result ?? .null)
        for _ in 0..<2 { #expect(Plugin.run("bridge", Plugin.env("DEL", id: "d", netns: ns), prev).0 == 0) }
        #expect(try Links(NetlinkSocket.inNamespace(ns)).get("eth0") == nil)
        // Add again, remove the namespace, DEL still succeeds and frees the address.
        #expect(Plugin.run("bridge", Plugin.env("ADD", id: "d", netns: ns), config).0 == 0)
        try lab.store.remove("d")
        #expect(Plugin.run("bridge", Plugin.env("DEL", id: "d", netns: ns), prev).0 == 0)
        #expect(Plugin.run("bridge", Plugin.env("DEL", id: "d", netns: ""), prev).0 == 0)
        let ipam = (config["ipam"] ?? .null)
        #expect(Plugin.run("ipam", Plugin.env("CHECK", id: "d"), config.with("ipam", ipam)).0 == 1)
    }

    @Test func ipv6OnlyAndMacCapability() throws {
        let lab = try Lab(bridge: "cniabr4")
        defer { lab.close() }
        let (a, b) = (try lab.netns("e"), try lab.netns("f"))
        let config = lab.config(ranges: [["fd89::/64"]], extra: ["runtimeConfig": .object(["mac": .string("02:42:0a:58:00:09")])])
        let (rcA, ra) = Plugin.run("bridge", Plugin.env("ADD", id: "e", netns: a), config)
        let (rcB, rb) = Plugin.run("bridge", Plugin.env("ADD", id: "f", netns: b, extra: ["CNI_ARGS": "IgnoreUnknown=1;MAC=02:42:0a:58:00:0a"]), lab.config(ranges: [["fd89::/64"]]))
        #expect(rcA == 0 && rcB == 0)
        #expect(ra?["interfaces"]?.arrayValue?[2]["mac"]?.stringValue == "02:42:0a:58:00:09")
        #expect(rb?["interfaces"]?.arrayValue?[2]["mac"]?.stringValue == "02:42:0a:58:00:0a")
        #expect(Self.ping(from: a, Self.address(rb)))
    }

    @Test func mixedPairsWithTheReferencePlugins() throws {
        let lab = try Lab(bridge: "cniabr5")
        defer { lab.close() }
        guard Files.exists("/usr/lib/cni/bridge"), Files.exists("/usr/lib/cni/host-local") else { return }
        let (a, b) = (try lab.netns("g"), try lab.netns("h"))
        // Our bridge with reference host-local (exec'd from CNI_PATH).
        let hostLocal: JSONValue = .object([
            "type": .string("host-local"), "dataDir": .string(lab.tmp.path + "/hl"),
            "ranges": .array([.array([.object(["subnet": .string("10.90.0.0/24")])])]),
        ])
        let ours = lab.config(ipam: hostLocal).with("cniVersion", .string("1.0.0"))
        let (rcA, ra) = Plugin.run("bridge", Plugin.env("ADD", id: "g", netns: a), ours)
        #expect(rcA == 0, "\(String(describing: ra))")
        defer { _ = Plugin.run("bridge", Plugin.env("DEL", id: "g", netns: a), ours.with("prevResult", ra ?? .null)) }
        // Reference bridge with our IPAM (exec'd through an argv[0] link in a temp CNI_PATH);
        // needs the binary's cni-plugin dispatch.
        guard let binary = pluginBinary else { return }
        let dir = lab.tmp.path + "/bin"
        try Files.makeDirectories(dir)
        #expect(symlink(binary, dir + "/cni-adapter-ipam") == 0)
        let reference = lab.config(ranges: [["10.90.0.0/24"]]).with("type", .string("bridge"))
            .with("ipam", .object(["type": .string("cni-adapter-ipam"), "dataDir": .string(lab.tmp.path + "/ipam2"),
                "ranges": .array([.array([.object(["subnet": .string("10.90.0.0/24"), "rangeStart": .string("10.90.0.100")])])])]))
            .with("cniVersion", .string("1.0.0"))
        let env = Plugin.env("ADD", id: "h", netns: b, extra: ["CNI_PATH": dir])
        let (rcB, rb) = try Plugin.exec("/usr/lib/cni/bridge", [], env, reference)
        #expect(rcB == 0, "\(String(describing: rb))")
        #expect(Self.address(rb) == "10.90.0.100")
        #expect(Self.ping(from: a, Self.address(rb)))
        let del = Plugin.env("DEL", id: "h", netns: b, extra: ["CNI_PATH": dir])
        #expect(try Plugin.exec("/usr/lib/cni/bridge", [], del, reference.with("prevResult", rb ?? .null)).0 == 0)
    }
}
