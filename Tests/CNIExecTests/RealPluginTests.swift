// The runtime against Debian's reference bridge + host-local plugins, in a throwaway netns.

import AdapterOS
import CNIExec
import Testing

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Root-only: creates a netns `cnia-cnitest-XXXX` and a bridge `cnia-tbXXXX` on the host, both
/// removed in a `defer` even when the test fails. No traffic is sent.
///
/// `isGateway` makes the bridge plugin set `net.ipv4.ip_forward=1` (host-wide) if it is off. The
/// test leaves it on: restoring it raced with a dockerd started meanwhile by other tests on the
/// host (which needs forwarding on), and forwarding on is what any Docker host has anyway.
@Suite(.serialized) struct RealPluginTests {
    static let pluginDir = "/usr/lib/cni"
    static let enabled = getuid() == 0 && Files.exists("\(pluginDir)/bridge") && Files.exists("\(pluginDir)/host-local")
        && Files.exists("/usr/sbin/ip")

    @discardableResult
    static func ip(_ arguments: [String]) throws -> SubprocessResult {
        try Subprocess.run("/usr/sbin/ip", arguments: arguments, environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], timeout: 10)
    }

    @Test(.enabled(if: enabled, "needs root and Debian's containernetworking-plugins in /usr/lib/cni"))
    func bridgeAddCheckDelDelWithNegotiatedVersion() throws {
        let hex = String(UInt16.random(in: 0x1000...0xffff), radix: 16)
        let netnsName = "cnia-cnitest-\(hex)"
        let bridge = "cnia-tb\(hex)"
        let subnet = "10.250.\(Int.random(in: 1...254))"
        try Self.ip(["netns", "add", netnsName])
        defer {
            _ = try? Self.ip(["netns", "del", netnsName])
            _ = try? Self.ip(["link", "del", bridge])
        }
        try withTempDir { dir in
            // 1.1.0 on purpose: the installed plugins stop at 1.0.0, so this only works through
            // VERSION negotiation (cni.md §3.1).
            let text = """
                {"cniVersion":"1.1.0","name":"cnia-test-\(hex)","plugins":[{"type":"bridge","bridge":"\(bridge)",
                 "isGateway":true,"ipam":{"type":"host-local","subnet":"\(subnet).0/24","dataDir":"\(dir.path)/ipam"}}]}
                """
            let list = try NetworkConfigList.parse(Array(text.utf8), source: "real.conflist")
            let runtime = CNIRuntime(
                executor: ProcessPluginExecutor(), pluginPaths: [Self.pluginDir], cacheDir: dir.path + "/cache", timeout: 30)
            let rt = RuntimeConf(containerID: "cnia-\(hex)", netns: "/run/netns/\(netnsName)", ifName: "eth0")

            let version = try runtime.version(plugin: "bridge")
            #expect(version.supportedVersions.contains("1.0.0"))

            let result = try runtime.addNetworkList(list, rt)
            #expect(result.cniVersion == "1.1.0")
            #expect(result.ips.first?.address.hasPrefix("\(subnet).") == true)
            #expect(result.ips.first?.gateway == "\(subnet).1")
            #expect(result.interfaces.first?.name == bridge)
            #expect(result.interfaces.contains { $0.name == "eth0" && $0.sandbox == rt.netns })
            #expect(try runtime.getCachedResult(list, rt) == result)

            try runtime.checkNetworkList(list, rt)
            // STATUS needs 1.1.0, which these plugins do not speak: reported ready without a call.
            try runtime.statusNetworkList(list)

            try runtime.delNetworkList(list, rt)
            try runtime.delNetworkList(list, rt)
            #expect(try runtime.getCachedResult(list, rt) == nil)
            // host-local released the address (only its lock/last_reserved files remain).
            let leftovers = try Files.list("\(dir.path)/ipam/cnia-test-\(hex)").filter { $0.hasPrefix(subnet) }
            #expect(leftovers.isEmpty)
            // The container interface is gone from the netns.
            let links = try Self.ip(["-n", netnsName, "-o", "link", "show"])
            #expect(!String(decoding: links.stdout, as: UTF8.self).contains("eth0"))
        }
    }
}
