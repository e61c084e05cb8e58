// The CNI runtime (what libcni is in Go): runs plugin chains and keeps the result cache.

import AdapterOS

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Runs network configuration lists against plugins: ADD in order with prevResult chaining,
/// CHECK and DEL from the cached result, GC, STATUS and VERSION (cni.md §7).
///
/// Everything blocks the calling thread. The runtime does not serialise calls: as the spec says
/// (cni.md §7.3), the caller must not run two operations on the same attachment at once, nor GC
/// alongside ADD/DEL of the same network.
public struct CNIRuntime: Sendable {
    /// Runs the plugin processes.
    public let executor: any PluginExecutor
    /// Directories searched for plugin binaries, in order (`CNI_PATH`).
    public let pluginPaths: [String]
    /// Where the result cache files live (libcni: `/var/lib/cni/results`).
    public let cacheDir: String
    /// Seconds each plugin invocation may run before it is killed.
    public let timeout: Double
    /// When true, each plugin is asked VERSION once and sent the newest config version it supports
    /// that is not newer than the list's (cni.md §3.1: Debian's plugins stop at 1.0.0).
    public let negotiateVersions: Bool
    let logger: Logger
    /// Environment passed to every plugin besides the `CNI_*` variables (PATH: plugins exec
    /// iptables & co). Not the whole `environ`: reading it races with `setenv` (style-anchors §4.4).
    let baseEnvironment: [String]
    let versionCache = VersionCache()

    /// Creates a runtime.
    /// - Parameters:
    ///   - executor: runs plugins (``ProcessPluginExecutor`` or a fake).
    ///   - pluginPaths: `CNI_PATH` directories.
    ///   - cacheDir: directory of the result cache files.
    ///   - timeout: per-plugin deadline in seconds.
    ///   - negotiateVersions: ask plugins VERSION and send a version they support.
    ///   - baseEnvironment: extra `KEY=VALUE` entries for plugins; default: this process's PATH.
    ///   - logger: where progress and ignored errors are logged.
    public init(
        executor: any PluginExecutor, pluginPaths: [String], cacheDir: String = "/var/lib/cni/results",
        timeout: Double = 60, negotiateVersions: Bool = true, baseEnvironment: [String]? = nil,
        logger: Logger = Logger()
    ) {
        self.executor = executor
        self.pluginPaths = pluginPaths
        self.cacheDir = cacheDir
        self.timeout = timeout
        self.negotiateVersions = negotiateVersions
        self.logger = logger.with("component", "cni")
        if let baseEnvironment {
            self.baseEnvironment = baseEnvironment
        } else {
            let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
            self.baseEnvironment = ["PATH=\(path)"]
        }
    }

    // MARK: one plugin invocation

    /// The CNI command names (`CNI_COMMAND`).
    enum Command: String {
        case add = "ADD", del = "DEL", check = "CHECK", gc = "GC", status = "STATUS", version = "VERSION"
    }

    /// The environment for one invocation: all six `CNI_*` always set, possibly empty (libcni `AsEnv`).
    func environment(_ command: Command, _ rt: RuntimeConf?) -> [String] {
        baseEnvironment + [
            "CNI_COMMAND=\(command.rawValue)",
            "CNI_CONTAINERID=\(rt?.containerID ?? "")",
            "CNI_NETNS=\(rt?.netns ?? "")",
            "CNI_IFNAME=\(rt?.ifName ?? "")",
            "CNI_ARGS=\(rt?.cniArgsString ?? "")",
            "CNI_PATH=\(pluginPaths.joined(separator: ":"))",
        ]
    }

    /// The stdin config for one plugin (libcni `buildOneConfig`, cni.md §4.3): the plugin's own
    /// object plus `name`, `cniVersion`, `prevResult` and the `runtimeConfig` of the capabilities
    /// it declares. `capabilities` stays in, as libcni leaves it.
    func stdinConfig(
        _ plugin: PluginConfig, list: NetworkConfigList, version: String, prevResult: CNIResult?,
        rt: RuntimeConf?, extra: [String: JSONValue] = [:]
    ) throws -> [UInt8] {
        var object = plugin.raw
        object["name"] = .string(list.name)
        object["cniVersion"] = .string(version)
        if let prevResult { object["prevResult"] = try prevResult.jsonValue(version: version) }
        if let rt {
            var runtimeConfig: [String: JSONValue] = [:]
            for capability in plugin.enabledCapabilities {
                if let value = rt.capabilityArgs[capability] { runtimeConfig[capability] = value }
            }
            if !runtimeConfig.isEmpty { object["runtimeConfig"] = .object(runtimeConfig) }
        }
        for (key, value) in extra { object[key] = value }
        return JSONValue.object(object).serialized()
    }

    /// Finds and runs one plugin; errors are prefixed the way libcni does
    /// (`plugin type="bridge" failed (add): …`).
    func invoke(
        _ plugin: PluginConfig, _ command: Command, list: NetworkConfigList, version: String,
        prevResult: CNIResult?, rt: RuntimeConf?, extra: [String: JSONValue] = [:]
    ) throws -> [UInt8] {
        let prefix = "plugin type=\"\(plugin.type)\" failed (\(command.rawValue.lowercased())): "
        do {
            let path = try executor.find(plugin: plugin.type, in: pluginPaths)
            let stdin = try stdinConfig(plugin, list: list, version: version, prevResult: prevResult, rt: rt, extra: extra)
            logger.debug("exec plugin", [("command", command.rawValue), ("plugin", plugin.type), ("network", list.name)])
            return try executor.execute(pluginPath: path, stdin: stdin, environment: environment(command, rt), timeout: timeout)
        } catch let error as CNIExecError {
            throw error.prefixed(prefix)
        } catch {
            // A foreign error (e.g. from a test executor): keep its text.
            throw CNIExecError(.io, "\(error)").prefixed(prefix)
        }
    }
}
