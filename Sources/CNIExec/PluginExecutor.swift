// The seam between the runtime and running a plugin process (shape of cni pkg/invoke.Exec).

/// Runs CNI plugin binaries. The real implementation is ``ProcessPluginExecutor``; tests use a
/// recording fake.
///
/// Calls block the calling thread; callers run them on dedicated threads.
public protocol PluginExecutor: Sendable {
    /// Runs one plugin invocation.
    /// - Parameters:
    ///   - pluginPath: absolute path of the plugin binary.
    ///   - stdin: the configuration JSON.
    ///   - environment: the complete environment (`KEY=VALUE`), `CNI_*` included.
    ///   - timeout: seconds before the plugin is killed; `nil` waits forever.
    /// - Returns: the plugin's stdout when it exited 0.
    /// - Throws: `CNIExecError` (`.pluginFailed` carrying the plugin's error object,
    ///   `.pluginCrashed`, `.pluginTimedOut`, `.pluginNotFound`, `.io`).
    func execute(pluginPath: String, stdin: [UInt8], environment: [String], timeout: Double?) throws -> [UInt8]

    /// Finds `plugin` in the first directory of `paths` holding a regular executable file of
    /// that name (libcni `FindInPath`).
    /// - Throws: `CNIExecError.pluginNotFound`.
    func find(plugin: String, in paths: [String]) throws -> String
}
