// `cnia-bench datapath`: the bundled bridge + IPAM called in process (the daemon's fast path,
// BuiltinPluginExecutor), ADD then CHECK and DEL with ADD's result as prevResult, for the
// datapath benchmark (bench/datapath). The namespaces are the caller's: this only times the
// plugin calls, with the same JSON in and out as the exec path.

import AdapterJSON
import AdapterOS
import Datapath
import FoundationEssentials

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Runs ADD/CHECK/DEL for each `netns=containerID` argument with the config in `confPath`;
/// prints `call <containerID> <add_ms> <check_ms> <del_ms>` per container.
func datapathInProcess(confPath: String, cniPath: String, attachments: [String]) throws {
    guard let bytes = try Files.read(confPath) else { throw SystemError("cannot read \(confPath)", errno: ENOENT) }
    let conf = try JSONValue.parse(bytes)
    guard case .object(let base) = conf else { throw SystemError("\(confPath): not a JSON object", errno: EINVAL) }
    for attachment in attachments {
        let parts = attachment.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw SystemError("expected NETNS=CONTAINERID, got \(attachment)", errno: EINVAL) }
        var times: [Double] = []
        var prev: JSONValue?
        for command in ["ADD", "CHECK", "DEL"] {
            var config = base
            if let prev { config["prevResult"] = prev }
            let stdin = Array(try JSONEncoder().encode(JSONValue.object(config)))
            let env = [
                "CNI_COMMAND": command, "CNI_CONTAINERID": parts[1], "CNI_NETNS": parts[0], "CNI_IFNAME": "eth0",
                "CNI_PATH": cniPath, "CNI_ARGS": "", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
            ]
            let t0 = monotonicSeconds()
            let (code, stdout) = BundledPlugins.run(command: "bridge", environment: env, stdin: stdin)
            times.append((monotonicSeconds() - t0) * 1000)
            guard code == 0 else {
                throw SystemError("\(command) \(parts[1]) failed: \(String(decoding: stdout, as: UTF8.self))", errno: EIO)
            }
            if command == "ADD" { prev = try JSONValue.parse(stdout) }
        }
        out("call \(parts[1]) \(times[0]) \(times[1]) \(times[2])")
    }
}
