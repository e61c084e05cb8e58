// The runtime against the reference plugins that speak CNI 1.1.0 (Debian unstable's
// containernetworking-plugins 1.9.1, unpacked by scripts/install-docker28.sh): a bridge +
// host-local + portmap + firewall + tuning chain in throwaway namespaces. ADD, CHECK, DEL, DEL
// again, DEL after the namespace is gone, DEL with no cache, GC of an attachment not in the valid
// list (its cached DEL; the plugins' own GC is a no-op), STATUS answered by the plugins.

import AdapterJSON
import AdapterOS
import CNIExec
import Testing

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// glibc's unshare(2), which Glibc's module does not export (it needs _GNU_SOURCE).
@_silgen_name("unshare") private func unshareNamespaces(_ flags: Int32) -> Int32
private let cloneNewNet: Int32 = 0x4000_0000

/// Root-only, and only where the 1.1.0 plugins are unpacked (`CNIA_CNI_PLUGINS_1_1`, set by
/// scripts/test.sh). `swift test` runs in a private network namespace there, so the bridge, the
/// portmap and firewall rules live and die with it; the namespaces `cnia-cc-*` are removed in a
/// `defer`. No traffic is sent.
@Suite(.serialized) struct ReferenceChainTests {
    static let pluginDir = getenv("CNIA_CNI_PLUGINS_1_1").map { String(cString: $0) } ?? ""
    static let enabled = getuid() == 0 && !pluginDir.isEmpty
        && ["bridge", "host-local", "portmap", "firewall", "tuning"].allSatisfy { Files.exists("\(pluginDir)/\($0)") }

    static func ip(_ arguments: [String]) throws {
        _ = try Subprocess.run("/usr/sbin/ip", arguments: arguments, environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], timeout: 10)
    }

    /// Addresses host-local holds in `dir` (its per-IP files).
    static func reserved(_ dir: String, subnet: String) throws -> [String] {
        ((try? Files.list(dir)) ?? []).filter { $0.hasPrefix(subnet) }.sorted()
    }

    @Test(.enabled(if: enabled, "needs root and CNIA_CNI_PLUGINS_1_1 (Debian unstable's reference plugins)"))
    func fullChainLifecycleWithGCAndStatus() throws {
        // Other suites run meanwhile in the same network namespace, and some compare its links
        // before and after: this chain's host side (bridge, veths, rules) goes into a namespace
        // of its own, made for one fresh thread (the plugins it spawns inherit the thread's).
        // The checks are collected there and asserted here, on the test's own task.
        let failures = try onFreshThread { () throws -> [String] in
            guard unshareNamespaces(cloneNewNet) == 0 else { throw SystemError("unshare(CLONE_NEWNET)", errno: errno) }
            var failures: [String] = []
            try Self.lifecycle { ok, what in if !ok { failures.append(what) } }
            return failures
        }
        #expect(failures == [])
    }

    /// The lifecycle; `expect(ok, what)` records each check.
    static func lifecycle(_ expect: (Bool, String) -> Void) throws {
        let hex = String(UInt16.random(in: 0x1000...0xffff), radix: 16)
        let spaces = ["a", "b", "c"].map { "cnia-cc-\(hex)\($0)" }
        let bridge = "cnia-cc\(hex)"
        let subnet = "10.249.\(Int.random(in: 1...254))"
        for name in spaces { try Self.ip(["netns", "add", name]) }
        defer {
            for name in spaces { try? Self.ip(["netns", "del", name]) }
            try? Self.ip(["link", "del", bridge])
        }
        try withTempDir { dir in
            let ipamDir = "\(dir.path)/ipam"
            let text = """
                {"cniVersion":"1.1.0","name":"cnia-cc-\(hex)","plugins":[
                 {"type":"bridge","bridge":"\(bridge)","isGateway":true,
                  "ipam":{"type":"host-local","ranges":[[{"subnet":"\(subnet).0/24"}]],"dataDir":"\(ipamDir)"}},
                 {"type":"portmap","capabilities":{"portMappings":true},"snat":true},
                 {"type":"firewall","backend":"iptables"},
                 {"type":"tuning","sysctl":{"net.ipv4.conf.eth0.accept_redirects":"0"}}]}
                """
            let list = try NetworkConfigList.parse(Array(text.utf8), source: "chain.conflist")
            let runtime = CNIRuntime(
                executor: ProcessPluginExecutor(), pluginPaths: [Self.pluginDir], cacheDir: dir.path + "/cache", timeout: 30)
            let ports: [String: JSONValue] = [
                "portMappings": .array([.object(["hostPort": .integer(18099), "containerPort": .integer(80), "protocol": .string("tcp")])])
            ]
            func conf(_ i: Int) -> RuntimeConf {
                RuntimeConf(containerID: "cnia-cc-\(hex)-\(i)", netns: "/run/netns/\(spaces[i])", ifName: "eth0", capabilityArgs: i == 0 ? ports : [:])
            }
            let network = "\(ipamDir)/cnia-cc-\(hex)"

            // Every plugin speaks 1.1.0 here: no negotiation down.
            expect(try runtime.version(plugin: "portmap").supportedVersions.contains("1.1.0"), #"try runtime.version(plugin: "portmap").supportedVersions.contains("1.1.0")"#)
            try runtime.statusNetworkList(list)

            // 1. ADD, CHECK, DEL, DEL.
            let result = try runtime.addNetworkList(list, conf(0))
            expect(result.cniVersion == "1.1.0", #"result.cniVersion == "1.1.0""#)
            expect(result.ips.first?.address.hasPrefix("\(subnet).") == true, #"result.ips.first?.address.hasPrefix("\(subnet).") == true"#)
            expect(result.interfaces.contains { $0.name == "eth0" && $0.sandbox == conf(0).netns }, #"result.interfaces.contains { $0.name == "eth0" && $0.sandbox == conf(0).netns }"#)
            let cached = try runtime.getCachedResult(list, conf(0))
            expect(cached == result, #"cached == result"#)
            try runtime.checkNetworkList(list, conf(0))
            try runtime.delNetworkList(list, conf(0))
            try runtime.delNetworkList(list, conf(0))
            expect(try runtime.getCachedResult(list, conf(0)) == nil, #"try runtime.getCachedResult(list, conf(0)) == nil"#)
            expect(try Self.reserved(network, subnet: subnet).isEmpty, #"try Self.reserved(network, subnet: subnet).isEmpty"#)

            // 2. DEL after the namespace is gone releases the address all the same.
            _ = try runtime.addNetworkList(list, conf(1))
            try Self.ip(["netns", "del", spaces[1]])
            try runtime.delNetworkList(list, conf(1))
            expect(try Self.reserved(network, subnet: subnet).isEmpty, #"try Self.reserved(network, subnet: subnet).isEmpty"#)

            // 3. DEL with no cache (a lost cache file): still succeeds.
            _ = try runtime.addNetworkList(list, conf(2))
            try Files.remove(runtime.cachePath(network: list.name, containerID: conf(2).containerID, ifName: "eth0"))
            try runtime.delNetworkList(list, conf(2))

            // 4. GC: two attachments, one of them not in the valid list. The reference plugins
            //    answer GC with success and do nothing (cni.md §2.5: none implements it), so the
            //    runtime's half does the work, as libcni's: the cached attachment that is not
            //    valid gets a DEL, and host-local releases its address.
            try Self.ip(["netns", "add", spaces[1]])
            let keep = try runtime.addNetworkList(list, conf(1))
            let drop = try runtime.addNetworkList(list, conf(2))
            expect(try Self.reserved(network, subnet: subnet).count == 2, #"try Self.reserved(network, subnet: subnet).count == 2"#)
            try runtime.gcNetworkList(list, validAttachments: [GCAttachment(containerID: conf(1).containerID, ifName: "eth0")])
            expect(try runtime.getCachedResult(list, conf(2)) == nil, #"try runtime.getCachedResult(list, conf(2)) == nil"#)
            expect(try runtime.getCachedResult(list, conf(1)) == keep, #"try runtime.getCachedResult(list, conf(1)) == keep"#)
            let left = try Self.reserved(network, subnet: subnet)
            expect(left == [keep.ips[0].address.split(separator: "/")[0]].map(String.init), #"left == [keep.ips[0].address.split(separator: "/")[0]].map(String.init)"#)
            expect(!left.contains(String(drop.ips[0].address.split(separator: "/")[0])), #"!left.contains(String(drop.ips[0].address.split(separator: "/")[0]))"#)
            try runtime.delNetworkList(list, conf(1))
            try runtime.statusNetworkList(list)
        }
    }
}
