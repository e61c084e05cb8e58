// Shared helpers: temp directories, plugin invocation, gating of privileged tests.

import AdapterOS
import CNIExec

@testable import Datapath

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Privileged tests need root and the opt-in, and run inside `unshare -n` (the test script's
/// private network namespace), so links and rules never touch the host's.
let privilegedTestsEnabled = getuid() == 0 && getenv("CNI_ADAPTER_PRIV_TESTS").map { String(cString: $0) } == "1"

/// A fresh directory under /tmp named `cnia-…`, removed by `remove()`.
struct TempDir {
    let path: String

    init() throws {
        path = "/tmp/cnia-test-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try Files.makeDirectories(path, mode: 0o700)
    }

    func remove() { try? Files.removeTree(path) }
}

/// The built `cnm-adapter` next to the test bundle, if it has the `cni-plugin` entry.
let pluginBinary: String? = {
    var dir = CommandLine.arguments.first ?? ""
    while !dir.isEmpty && !Files.exists(dir + "/cnm-adapter") {
        guard let slash = dir.lastIndex(of: "/") else { return nil }
        dir = String(dir[..<slash])
    }
    let path = dir + "/cnm-adapter"
    guard Files.exists(path),
        let probe = try? Subprocess.run(path, arguments: ["cni-plugin", "ipam"], environment: ["CNI_COMMAND=VERSION"], timeout: 10),
        probe.status == 0
    else { return nil }
    return path
}()

/// Invocation helpers.
enum Plugin {
    static func env(_ command: String, id: String = "c1", netns: String = "/nonexistent", ifname: String = "eth0", extra: [String: String] = [:]) -> [String: String] {
        var env = [
            "CNI_COMMAND": command, "CNI_CONTAINERID": id, "CNI_NETNS": netns, "CNI_IFNAME": ifname,
            "CNI_PATH": "/usr/lib/cni", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        ]
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Runs in-process.
    static func run(_ plugin: String, _ env: [String: String], _ config: JSONValue) -> (Int32, JSONValue?) {
        let (code, out) = BundledPlugins.run(command: plugin, environment: env, stdin: config.serialized())
        return (code, try? JSONValue.parse(out))
    }

    /// Runs `binary` with `arguments` as a separate process.
    static func exec(_ binary: String, _ arguments: [String], _ env: [String: String], _ config: JSONValue) throws -> (Int32, JSONValue?) {
        let result = try Subprocess.run(
            binary, arguments: arguments, environment: env.map { "\($0.key)=\($0.value)" }, stdin: config.serialized(), timeout: 60)
        return (result.status, try? JSONValue.parse(result.stdout))
    }

    /// An IPAM-only config (our IPAM) for network `name`.
    static func ipamConfig(name: String = "cnianet", dataDir: String, ranges: [[String]] = [["10.77.0.0/24"]], version: String = "1.1.0", extra: [String: JSONValue] = [:]) -> JSONValue {
        var ipam: [String: JSONValue] = [
            "type": .string("cni-adapter-ipam"), "dataDir": .string(dataDir),
            "ranges": .array(ranges.map { set in .array(set.map { .object(["subnet": .string($0)]) }) }),
        ]
        for (k, v) in extra { ipam[k] = v }
        return .object(["cniVersion": .string(version), "name": .string(name), "ipam": .object(ipam)])
    }
}

extension JSONValue {
    /// The `ips[].address` strings of a result.
    var addresses: [String] { (self["ips"]?.arrayValue ?? []).compactMap { $0["address"]?.stringValue } }

    /// A copy with `key` set (objects only).
    func with(_ key: String, _ value: JSONValue) -> JSONValue {
        var o = objectValue ?? [:]
        o[key] = value
        return .object(o)
    }
}
