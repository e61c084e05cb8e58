// The `cni-adapter-ipam` plugin: ADD/CHECK/DEL/GC/STATUS over IPAllocator (cni.md §9.5).

import CNIExec

/// The bundled IPAM plugin's command handling; stdin/env in, result out, no process state.
public enum IPAMPlugin {
    /// The `CNI_ARGS` keys this plugin understands.
    static let knownArgs: Set<String> = ["IP"]

    /// Runs one validated request.
    public static func run(_ request: PluginRequest) throws -> PluginOutput {
        switch request.command {
        case .version: return .version(request.cniVersion)
        case .status: return .empty  // ready whenever we can run: state is files, no daemon
        case .add:
            let (result, _) = try add(request)
            return try .result(result, version: request.cniVersion)
        case .del:
            try request.checkArgs(known: knownArgs)
            let config = try IPAMConfig(request)
            try allocator(request, config).release(owner(request))
            return .empty
        case .check:
            let config = try IPAMConfig(request)
            _ = try allocator(request, config).held(by: owner(request))
            return .empty
        case .gc:
            let config = try IPAMConfig(request)
            // Without the list we cannot know what is valid: keep everything (cni.md §9.6, antrea#8240).
            guard let list = (request.config["cni.dev/valid-attachments"] ?? request.config["cni.dev/attachments"])?.arrayValue
            else { return .empty }
            let valid = Set(list.compactMap { item -> IPAMOwner? in
                guard let id = item["containerID"]?.stringValue else { return nil }
                return IPAMOwner(containerID: id, ifname: item["ifname"]?.stringValue ?? "")
            })
            try allocator(request, config).collect(keeping: valid)
            return .empty
        }
    }

    /// ADD: allocates and builds the abbreviated IPAM result (no interfaces, SPEC §Delegated plugins).
    public static func add(_ request: PluginRequest) throws -> (CNIResult, [IPAllocator.Allocation]) {
        try request.checkArgs(known: knownArgs)
        let config = try IPAMConfig(request)
        let allocations = try allocator(request, config).allocate(for: owner(request), config: config)
        var result = CNIResult(cniVersion: request.cniVersion)
        result.ips = allocations.map { a in
            CNIResult.IPConfig(address: "\(a.address)/\(a.range.subnet.length)", gateway: a.range.gateway?.description)
        }
        result.routes = config.routes
        result.dns = config.dns
        return (result, allocations)
    }

    private static func owner(_ request: PluginRequest) -> IPAMOwner {
        IPAMOwner(containerID: request.containerID, ifname: request.ifname)
    }

    private static func allocator(_ request: PluginRequest, _ config: IPAMConfig) throws -> IPAllocator {
        let name = request.config["name"]?.stringValue ?? ""
        return IPAllocator(store: try DiskIPAMStore(dataDir: config.dataDir, network: name))
    }
}
