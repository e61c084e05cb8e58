// The one entry point of the bundled plugins, shared by the exec path (`cnm-adapter cni-plugin
// NAME`, or argv[0] `cni-adapter-NAME`) and an in-process executor: same JSON in, same JSON out.

import CNIExec

/// The plugins cnm-adapter carries.
public enum BundledPlugin: String, Sendable, CaseIterable {
    case bridge, ipam

    /// The `type` a network config uses for it (and the argv[0] link name).
    public var typeName: String { "cni-adapter-\(rawValue)" }

    /// Accepts `bridge`/`ipam` or the type names `cni-adapter-bridge`/`cni-adapter-ipam`.
    public init?(name: String) {
        let short = name.hasPrefix("cni-adapter-") ? String(name.dropFirst("cni-adapter-".count)) : name
        self.init(rawValue: short)
    }
}

/// Runs the bundled CNI plugins.
public enum BundledPlugins {
    /// Runs plugin `command` (`bridge`, `ipam`, or their `cni-adapter-*` type names) on one
    /// invocation, following the spec's rules: `CNI_*` from `environment`, config on `stdin`,
    /// result or error object on stdout, exit code 0 or 1.
    /// - Returns: what the process would exit with and print.
    public static func run(command: String, environment: [String: String], stdin: [UInt8]) -> (exitCode: Int32, stdout: [UInt8]) {
        guard let plugin = BundledPlugin(name: command) else {
            let output = PluginOutput.error(CNIError(code: CNIError.invalidEnvironment, msg: "unknown bundled plugin \"\(command)\""), version: nil)
            return (output.exitCode, output.stdout)
        }
        let output = run(plugin, environment: environment, stdin: stdin)
        return (output.exitCode, output.stdout)
    }

    /// Runs `plugin` on one invocation (see `run(command:environment:stdin:)`).
    public static func run(_ plugin: BundledPlugin, environment: [String: String], stdin: [UInt8]) -> PluginOutput {
        var version: String?
        do {
            let request = try PluginRequest.parse(environment: environment, stdin: stdin)
            version = request.cniVersion
            switch plugin {
            case .ipam: return try IPAMPlugin.run(request)
            case .bridge: return try BridgePlugin.run(request)
            }
        } catch {
            return .error(cniError(error), version: version)
        }
    }
}
