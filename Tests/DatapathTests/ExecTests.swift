import AdapterOS
import CNIExec
import Testing

@testable import Datapath

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The exec entry (`cnm-adapter cni-plugin …`) against the in-process one, and concurrency across
/// processes. Skipped when the built binary lacks the `cni-plugin` dispatch.
@Suite(.enabled(if: pluginBinary != nil, "needs .build/…/cnm-adapter with the cni-plugin entry"))
struct ExecTests {
    @Test func inProcessAndExecGiveIdenticalOutput() throws {
        let binary = try #require(pluginBinary)
        let a = try TempDir(), b = try TempDir()
        defer { a.remove(); b.remove() }
        for command in ["ADD", "CHECK", "DEL", "DEL", "VERSION"] {
            for version in ["0.3.1", "1.0.0", "1.1.0"] {
                let env = Plugin.env(command, id: "c\(version)")
                let ranges = [["10.78.0.0/24"], ["fd78::/64"]]
                let mine = BundledPlugins.run(command: "ipam", environment: env, stdin: Plugin.ipamConfig(dataDir: a.path, ranges: ranges, version: version).serialized())
                let theirs = try Subprocess.run(
                    binary, arguments: ["cni-plugin", "ipam"], environment: env.map { "\($0.key)=\($0.value)" },
                    stdin: Plugin.ipamConfig(dataDir: b.path, ranges: ranges, version: version).serialized(), timeout: 30)
                #expect(mine.exitCode == theirs.status, "\(command) \(version)")
                #expect(mine.stdout == theirs.stdout, "\(command) \(version)")
            }
        }
        // Errors too.
        let env = Plugin.env("ADD", id: "")
        let mine = BundledPlugins.run(command: "bridge", environment: env, stdin: Array("{}".utf8))
        let theirs = try Subprocess.run(
            binary, arguments: ["cni-plugin", "bridge"], environment: env.map { "\($0.key)=\($0.value)" }, stdin: Array("{}".utf8))
        #expect(mine.exitCode == 1 && theirs.status == 1 && mine.stdout == theirs.stdout)
    }

    @Test func twentyParallelAddsGetTwentyDistinctAddresses() throws {
        let binary = try #require(pluginBinary)
        let tmp = try TempDir()
        defer { tmp.remove() }
        let config = Plugin.ipamConfig(dataDir: tmp.path, ranges: [["10.79.0.0/24"]]).serialized()
        let results = (0..<20).map { _ in ResultBox<[String]>() }
        for i in 0..<20 {
            let box = results[i]
            try startThread {
                let env = Plugin.env("ADD", id: "p\(i)").map { "\($0.key)=\($0.value)" }
                let out = try? Subprocess.run(binary, arguments: ["cni-plugin", "ipam"], environment: env, stdin: config, timeout: 60)
                let parsed = out.flatMap { $0.status == 0 ? try? JSONValue.parse($0.stdout) : nil }
                box.set(.success(parsed?.addresses ?? []))
            }
        }
        let all = try results.flatMap { try $0.wait().get() }
        #expect(all.count == 20)
        #expect(Set(all).count == 20)
    }
}
