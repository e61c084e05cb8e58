// Runs the bundled CNI plugins (cni-adapter-bridge, cni-adapter-ipam) in-process: the same
// code and the same JSON in and out as the exec path, minus a fork/exec and a process start
// (the daemon's fast path, issue 4). Every other plugin is executed as usual.

import CNIExec
import Datapath

struct BuiltinPluginExecutor: PluginExecutor {
    let inner: any PluginExecutor
    private static let prefix = "builtin:"

    func find(plugin: String, in paths: [String]) throws -> String {
        if plugin.hasPrefix("cni-adapter-"), BundledPlugin(name: plugin) != nil { return Self.prefix + plugin }
        return try inner.find(plugin: plugin, in: paths)
    }

    func execute(pluginPath: String, stdin: [UInt8], environment: [String], timeout: Double?) throws -> [UInt8] {
        guard pluginPath.hasPrefix(Self.prefix) else {
            return try inner.execute(pluginPath: pluginPath, stdin: stdin, environment: environment, timeout: timeout)
        }
        let name = String(pluginPath.dropFirst(Self.prefix.count))
        var env: [String: String] = [:]
        for entry in environment {
            guard let eq = entry.firstIndex(of: "=") else { continue }
            env[String(entry[..<eq])] = String(entry[entry.index(after: eq)...])
        }
        let (code, stdout) = BundledPlugins.run(command: name, environment: env, stdin: stdin)
        guard code == 0 else {
            throw CNIExecError.pluginFailure(name: name, status: code, stdout: stdout, stderr: [])
        }
        return stdout
    }
}
