// A plugin executor that keeps what each plugin was sent and answered, for the spec checks.

import AdapterOS
import CNIExec

/// One plugin execution as the runtime made it.
public struct CNIInvocation: Sendable {
    /// `CNI_COMMAND`.
    public var command: String
    /// The plugin binary.
    public var plugin: String
    /// `cniVersion` of the config on stdin.
    public var sentVersion: String
    /// stdout when the plugin succeeded, nil when it failed.
    public var stdout: [UInt8]?
}

/// Wraps the real executor; the runtime overwrites a result's version, so the raw answers are
/// only visible here.
final class RecordingExecutor: PluginExecutor, @unchecked Sendable {
    private let inner: any PluginExecutor
    private let lock = Lock()
    private var log: [CNIInvocation] = []

    init(_ inner: any PluginExecutor) { self.inner = inner }

    /// Everything since the last `reset()`.
    var invocations: [CNIInvocation] { lock.withLock { log } }

    func reset() { lock.withLock { log = [] } }

    func execute(pluginPath: String, stdin: [UInt8], environment: [String], timeout: Double?) throws -> [UInt8] {
        let command = environment.last { $0.hasPrefix("CNI_COMMAND=") }.map { String($0.dropFirst(12)) } ?? ""
        let version = JSON.parseOrNil(stdin)?.string("cniVersion") ?? ""
        let plugin = String(pluginPath.split(separator: "/").last ?? "")
        do {
            let out = try inner.execute(pluginPath: pluginPath, stdin: stdin, environment: environment, timeout: timeout)
            lock.withLock { log.append(CNIInvocation(command: command, plugin: plugin, sentVersion: version, stdout: out)) }
            return out
        } catch {
            lock.withLock { log.append(CNIInvocation(command: command, plugin: plugin, sentVersion: version, stdout: nil)) }
            throw error
        }
    }

    func find(plugin: String, in paths: [String]) throws -> String {
        try inner.find(plugin: plugin, in: paths)
    }
}
