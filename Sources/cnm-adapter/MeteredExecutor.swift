// Wraps the CNI plugin executor to count and time every plugin execution.

import AdapterOS
import CNIExec

struct MeteredExecutor: PluginExecutor {
    let inner: any PluginExecutor
    let metrics: Metrics

    func execute(pluginPath: String, stdin: [UInt8], environment: [String], timeout: Double?) throws -> [UInt8] {
        let plugin = pluginPath.split(separator: "/").last.map(String.init) ?? pluginPath
        let command = environment.first { $0.hasPrefix("CNI_COMMAND=") }.map { String($0.dropFirst(12)) } ?? "?"
        let started = monotonicSeconds()
        var outcome = "ok"
        defer {
            let labels = [("plugin", plugin), ("command", command)]
            metrics.observe(
                "cnia_cni_exec_duration_seconds", labels, seconds: monotonicSeconds() - started,
                help: "Duration of CNI plugin executions.")
            metrics.increment(
                "cnia_cni_exec_total", labels + [("outcome", outcome)], help: "CNI plugin executions by outcome.")
        }
        do {
            return try inner.execute(pluginPath: pluginPath, stdin: stdin, environment: environment, timeout: timeout)
        } catch {
            outcome = "error"
            throw error
        }
    }

    func find(plugin: String, in paths: [String]) throws -> String { try inner.find(plugin: plugin, in: paths) }
}
