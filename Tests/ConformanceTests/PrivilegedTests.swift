// Against the real thing: our adapter as a subprocess, Debian's reference CNI plugins, and a
// broken shell-script plugin. Needs root and a private netns: CNI_ADAPTER_PRIV_TESTS=1 unshare -n.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

import AdapterOS
import Conformance
import Testing

let privileged = getuid() == 0 && getenv("CNI_ADAPTER_PRIV_TESTS").map { String(cString: $0) } == "1"

/// A temp dir removed after `body`.
func withScratch<T>(_ body: (String) throws -> T) throws -> T {
    var template = Array("/tmp/cnia-conformance-XXXXXX".utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else {
        throw SystemError.current("mkdtemp")
    }
    let dir = String(cString: made)
    defer { try? Files.removeTree(dir) }
    return try body(dir)
}

/// The built cnm-adapter next to the test bundle (.build/debug).
let adapterBinary: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/") + "/.build/debug/cnm-adapter"
}()

@Suite("privileged: real adapter and real CNI plugins", .serialized, .enabled(if: privileged))
struct PrivilegedTests {
    @Test("conformance passes against cnm-adapter serve")
    func adapterPasses() throws {
        try withScratch { dir in
            _ = try Subprocess.run("/usr/sbin/ip", arguments: ["link", "set", "lo", "up"])
            var pid: pid_t = 0
            let args = [adapterBinary, "serve", "--socket", "\(dir)/x.sock", "--state-dir", "\(dir)/state",
                        "--cni-cache-dir", "\(dir)/cache", "--control-socket", "\(dir)/c.sock", "--netns-dir", "\(dir)/netns",
                        "--log-level", "error"]
            var argv = args.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            let env = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"]
            var envp = env.map { strdup($0) } + [nil]
            defer { envp.forEach { free($0) } }
            #expect(posix_spawn(&pid, adapterBinary, nil, nil, &argv, &envp) == 0)
            defer {
                kill(pid, SIGTERM)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
            }
            let deadline = monotonicSeconds() + 20
            while !Files.exists("\(dir)/x.sock") && monotonicSeconds() < deadline { usleep(50_000) }
            let report = ConformanceSuite.run(ConformanceOptions(socket: "\(dir)/x.sock", timeout: 60))
            #expect(report.passed, "\(report.failures.map { "\($0.group) \($0.name): \($0.message)" })")
            #expect(report.count(.pass) > 150)
        }
    }

    func cniTest(_ conflist: String, paths: [String], dir: String) throws -> ConformanceReport {
        try Files.writeAtomically("\(dir)/net.conflist", Array(conflist.utf8))
        return CNITester(
            options: CNITestOptions(conflist: "\(dir)/net.conflist", pluginPaths: paths),
            host: LinuxCNITestHost(namespaceDir: "\(dir)/netns"), scratch: dir
        ).run()
    }

    @Test("cni test passes Debian's bridge + host-local", .enabled(if: Files.exists("/usr/lib/cni/bridge")))
    func referencePluginsPass() throws {
        try withScratch { dir in
            let conflist = """
                {"cniVersion":"1.0.0","name":"cnia-ct-ref","plugins":[{"type":"bridge","bridge":"cnia-ctref0",
                 "isGateway":true,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.231.42.0/24"}]],"dataDir":"\(dir)/hl"}}]}
                """
            let report = try cniTest(conflist, paths: ["/usr/lib/cni"], dir: dir)
            #expect(report.passed, "\(report.failures.map { "\($0.name): \($0.message)" })")
            #expect(report.count(.pass) >= 10)
        }
    }

    /// A plugin whose DEL fails once its state file is gone, and which leaves a dummy link behind.
    static let brokenPlugin = """
        #!/bin/sh
        state=/tmp/cnia-broken-$CNI_CONTAINERID
        case "$CNI_COMMAND" in
        VERSION) echo '{"cniVersion":"1.0.0","supportedVersions":["0.4.0","1.0.0"]}' ;;
        ADD) touch "$state"; ip link add cnia-leak$(echo $CNI_CONTAINERID | tail -c 4) type veth peer name cnia-lp$(echo $CNI_CONTAINERID | tail -c 4) 2>/dev/null
             echo '{"cniVersion":"0.4.0","interfaces":[{"name":"eth0","sandbox":"'$CNI_NETNS'"}],"ips":[{"address":"10.231.42.9/24","interface":3}]}' ;;
        CHECK) exit 0 ;;
        DEL) [ -e "$state" ] || { echo '{"cniVersion":"1.0.0","code":11,"msg":"already deleted"}'; exit 1; }; rm -f "$state" ;;
        esac
        """

    @Test("cni test catches a plugin that fails its second DEL, answers the wrong version and leaks a link")
    func brokenPluginCaught() throws {
        try withScratch { dir in
            try Files.makeDirectories("\(dir)/bin", mode: 0o755)
            try Files.writeAtomically("\(dir)/bin/cnia-broken", Array(Self.brokenPlugin.utf8), mode: 0o755)
            let report = try cniTest(#"{"cniVersion":"1.0.0","name":"cnia-ct-bad","plugins":[{"type":"cnia-broken"}]}"#,
                                     paths: ["\(dir)/bin"], dir: dir)
            let messages = report.failures.map(\.message)
            #expect(messages.contains { $0.contains("DEL is not idempotent") }, "\(messages)")
            #expect(messages.contains { $0.contains("answered ADD with cniVersion \"0.4.0\"") }, "\(messages)")
            #expect(messages.contains { $0.contains("ips[0].interface = 3") }, "\(messages)")
            #expect(messages.contains { $0.contains("DEL left cnia-leak") }, "\(messages)")
        }
    }
}
