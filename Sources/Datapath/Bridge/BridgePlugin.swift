// The `cni-adapter-bridge` plugin: dispatch, DEL, STATUS, GC (ADD and CHECK in their own files).

import AdapterOS
import CNIExec

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The bundled bridge plugin (the reference bridge's behaviour, cni.md §8, plus firewall rules
/// a Docker host needs).
public struct BridgePlugin {
    /// The `CNI_ARGS` keys this plugin understands.
    static let knownArgs: Set<String> = ["MAC"]

    let request: PluginRequest
    let config: BridgeConfig
    let ipam: any IPAMDelegate
    let iptables: any IptablesRunner
    let ip6tables: any IptablesRunner

    /// Creates a plugin run with its side-effect seams (defaults: the real ones).
    public init(
        _ request: PluginRequest, ipam: any IPAMDelegate = ExecIPAMDelegate(),
        iptables: any IptablesRunner = SystemIptables(),
        ip6tables: any IptablesRunner = SystemIptables(path: SystemIptables.ip6tablesPath)) throws {
        self.request = request
        self.config = try BridgeConfig(request)
        self.ipam = ipam
        self.iptables = iptables
        self.ip6tables = ip6tables
    }

    /// Runs one validated request with the real seams.
    public static func run(_ request: PluginRequest) throws -> PluginOutput {
        if request.command == .version { return .version(request.cniVersion) }
        return try BridgePlugin(request).run()
    }

    /// Runs the request.
    public func run() throws -> PluginOutput {
        switch request.command {
        case .version: return .version(request.cniVersion)
        case .add: return try .result(add(), version: request.cniVersion)
        case .check:
            try check()
            return .empty
        case .del:
            try del()
            return .empty
        case .status, .gc:
            // Our state is IPAM's; STATUS/GC are forwarded to it (SPEC §GC, §STATUS).
            if !config.ipamType.isEmpty { _ = try ipam.run(type: config.ipamType, request) }
            return .empty
        }
    }

    /// DEL: removes the container interface (its host peer goes with it) and releases IPAM.
    /// A missing netns, link or reservation is success (SPEC §DEL).
    func del() throws {
        try request.checkArgs(known: Self.knownArgs)
        if !request.netns.isEmpty && Files.exists(request.netns) {
            do {
                let links = Links(try NetlinkSocket.inNamespace(request.netns))
                try links.delete(request.ifname)
            } catch let error as SystemError where error.errno == ENOENT || error.errno == EINVAL {
                // The namespace went away between the check and the open: nothing left to delete.
            }
        }
        if !config.ipamType.isEmpty { _ = try ipam.run(type: config.ipamType, request) }
    }
}

extension SystemIptables {
    /// The ip6tables next to the iptables Docker uses.
    public static var ip6tablesPath: String {
        ["/usr/sbin/ip6tables", "/sbin/ip6tables", "/usr/bin/ip6tables"].first { Files.exists($0) } ?? "/usr/sbin/ip6tables"
    }
}
