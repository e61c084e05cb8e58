// cnia-bench: drives a CNM plugin socket for the daemon benchmarks (bench/daemon/run.sh).
//   cnia-bench roundtrip --socket P [--connections 8] [--requests 20000]
//   cnia-bench scale --socket P --pid PID [--endpoints 1000] [--net16 10.234]
//   cnia-bench datapath --conf FILE --cni-path DIR NETNS=CID...   (bench/datapath, in process)
//   cnia-bench exec --plugin PATH [--reps 200]                     (CNIExec's exec overhead)
// Prints one `key value` line per figure; the script builds the table.

import AdapterOS
import Conformance

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

func out(_ line: String) {
    var bytes = Array((line + "\n").utf8)
    bytes.withUnsafeMutableBytes { _ = write(1, $0.baseAddress, $0.count) }
}

func option(_ name: String, _ fallback: String? = nil) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: "--" + name), i + 1 < args.count else { return fallback }
    return args[i + 1]
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

/// Resident set size of `pid` in MiB (VmRSS from /proc).
func rssMiB(_ pid: String) -> Double {
    guard let bytes = try? Files.read("/proc/\(pid)/status") else { return .nan }
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let kb = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? .nan
        return kb / 1024
    }
    return .nan
}

/// `GetCapabilities` round trips over N keep-alive connections at once.
func roundtrip(socket: String, connections: Int, requests: Int) throws {
    let perConnection = requests / connections
    let results = (0..<connections).map { _ in ResultBox<[Double]>() }
    let started = monotonicSeconds()
    for c in 0..<connections {
        try startThread {
            let connection = PluginConnection(path: socket)
            var samples: [Double] = []
            samples.reserveCapacity(perConnection)
            do {
                for _ in 0..<perConnection {
                    let t0 = monotonicSeconds()
                    let answer = try connection.call("NetworkDriver.GetCapabilities", body: [])
                    guard answer.status == 200 else { throw SystemError("status \(answer.status)", errno: EPROTO) }
                    samples.append(monotonicSeconds() - t0)
                }
                results[c].set(.success(samples))
            } catch {
                results[c].set(.failure(error))
            }
            connection.close()
        }
    }
    var all: [Double] = []
    for box in results { all += try box.wait().get() }
    let elapsed = monotonicSeconds() - started
    all.sort()
    out("roundtrip_connections \(connections)")
    out("roundtrip_requests \(all.count)")
    out("roundtrip_p50_ms \(percentile(all, 0.5) * 1000)")
    out("roundtrip_p99_ms \(percentile(all, 0.99) * 1000)")
    out("roundtrip_rps \(Double(all.count) / elapsed)")
}

/// CreateEndpoint+Join latency with few and with many endpoints on one network, and the
/// daemon's RSS idle and at the end. Cleans up everything it created.
func scale(socket: String, pid: String, endpoints: Int, net16: String) throws {
    let c = PluginConnection(path: socket)
    func call(_ method: String, _ json: String) throws -> String {
        let answer = try c.call(method, body: Array((json + "\n").utf8))
        guard answer.status == 200 else { throw SystemError("\(method): \(answer.bodyText)", errno: EPROTO) }
        return answer.bodyText
    }
    func field(_ text: String, _ key: String) -> String {
        guard let r = text.firstRange(of: "\"\(key)\":\"") else { return "" }
        return String(text[r.upperBound...].prefix { $0 != "\"" })
    }
    /// A 64-hex ID unique in its first 11 digits (our link names use those), like Docker's.
    func hex(_ n: Int, _ tag: String) -> String {
        let digits = String(n, radix: 16)
        let head = String(repeating: "0", count: 8 - digits.count) + digits
        return head + tag + String(repeating: "0", count: 56 - tag.count)
    }
    out("rss_idle_mib \(rssMiB(pid))")
    let pool = try call("IpamDriver.RequestPool", #"{"AddressSpace":"cnia-local","Pool":"\#(net16).0.0/16","SubPool":"","Options":{},"V6":false}"#)
    let poolID = field(pool, "PoolID")
    let gw = field(try call("IpamDriver.RequestAddress", #"{"PoolID":"\#(poolID)","Address":"","Options":{"RequestAddressType":"com.docker.network.gateway"}}"#), "Address")
    let net = hex(1, "beef")
    _ = try call("NetworkDriver.CreateNetwork", #"{"NetworkID":"\#(net)","Options":{"com.docker.network.enable_ipv6":false,"com.docker.network.generic":{}},"IPv4Data":[{"AddressSpace":"cnia-local","Pool":"\#(net16).0.0/16","Gateway":"\#(gw)"}],"IPv6Data":[]}"#)
    var created: [(String, String)] = []
    var early: [Double] = []
    var late: [Double] = []
    defer {
        for (ep, address) in created.reversed() {
            _ = try? call("NetworkDriver.DeleteEndpoint", #"{"NetworkID":"\#(net)","EndpointID":"\#(ep)"}"#)
            _ = try? call("IpamDriver.ReleaseAddress", #"{"PoolID":"\#(poolID)","Address":"\#(address.split(separator: "/")[0])"}"#)
        }
        _ = try? call("NetworkDriver.DeleteNetwork", #"{"NetworkID":"\#(net)"}"#)
        _ = try? call("IpamDriver.ReleaseAddress", #"{"PoolID":"\#(poolID)","Address":"\#(gw.split(separator: "/")[0])"}"#)
        _ = try? call("IpamDriver.ReleasePool", #"{"PoolID":"\#(poolID)"}"#)
        c.close()
    }
    for i in 1...endpoints {
        let ep = hex(i, "e9")
        let address = field(try call("IpamDriver.RequestAddress", #"{"PoolID":"\#(poolID)","Address":"","Options":null}"#), "Address")
        let t0 = monotonicSeconds()
        _ = try call("NetworkDriver.CreateEndpoint", #"{"NetworkID":"\#(net)","EndpointID":"\#(ep)","Interface":{"Address":"\#(address)","AddressIPv6":"","MacAddress":""},"Options":{}}"#)
        _ = try call("NetworkDriver.Join", #"{"NetworkID":"\#(net)","EndpointID":"\#(ep)","SandboxKey":"/var/run/docker/netns/bench","Options":{}}"#)
        let dt = monotonicSeconds() - t0
        created.append((ep, address))
        // "With 10 existing": endpoints 11-30; "with N existing": the last 20.
        if (11...30).contains(i) { early.append(dt) }
        if i > endpoints - 20 { late.append(dt) }
    }
    early.sort()
    late.sort()
    out("endpoints \(endpoints)")
    out("create_join_at_10_p50_ms \(percentile(early, 0.5) * 1000)")
    out("create_join_at_\(endpoints)_p50_ms \(percentile(late, 0.5) * 1000)")
    out("create_join_ratio \(percentile(late, 0.5) / percentile(early, 0.5))")
    out("rss_at_\(endpoints)_endpoints_mib \(rssMiB(pid))")
}

signal(SIGPIPE, SIG_IGN)
do {
    let usage = SystemError("usage: cnia-bench roundtrip|scale --socket PATH … | datapath --conf FILE --cni-path DIR NETNS=CID… | exec --plugin PATH", errno: EINVAL)
    if CommandLine.arguments.dropFirst().first == "exec" {
        guard let plugin = option("plugin") else { throw usage }
        try execOverhead(plugin: plugin, reps: Int(option("reps", "200") ?? "200") ?? 200)
        exit(0)
    }
    if CommandLine.arguments.dropFirst().first == "datapath" {
        guard let conf = option("conf"), let cniPath = option("cni-path") else { throw usage }
        try datapathInProcess(confPath: conf, cniPath: cniPath, attachments: CommandLine.arguments.filter { $0.contains("=") })
        exit(0)
    }
    guard let socket = option("socket") else { throw usage }
    switch CommandLine.arguments.dropFirst().first {
    case "roundtrip":
        try roundtrip(
            socket: socket, connections: Int(option("connections", "8") ?? "8") ?? 8,
            requests: Int(option("requests", "20000") ?? "20000") ?? 20000)
    case "scale":
        try scale(
            socket: socket, pid: option("pid", "self") ?? "self", endpoints: Int(option("endpoints", "1000") ?? "1000") ?? 1000,
            net16: option("net16", "10.234") ?? "10.234")
    default:
        throw usage
    }
} catch {
    out("error \(error)")
    exit(1)
}
