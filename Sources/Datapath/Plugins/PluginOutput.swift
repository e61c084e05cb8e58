// What a plugin prints: results in the config's version, errors as the spec's error object.

import CNIExec

/// A plugin's answer: exit code and stdout bytes (stderr is for logs only).
public struct PluginOutput: Sendable, Equatable {
    /// 0 on success, 1 on any error (as skel does).
    public var exitCode: Int32
    /// The result, VERSION answer or error object; empty for a successful DEL/CHECK/GC/STATUS.
    public var stdout: [UInt8]

    public init(exitCode: Int32, stdout: [UInt8]) {
        self.exitCode = exitCode
        self.stdout = stdout
    }

    /// Success with no output.
    public static let empty = PluginOutput(exitCode: 0, stdout: [])

    /// A result printed in `version` (pretty, like the reference plugins).
    public static func result(_ result: CNIResult, version: String) throws -> PluginOutput {
        PluginOutput(exitCode: 0, stdout: try result.jsonValue(version: version).prettySerialized())
    }

    /// The error object on stdout with exit code 1 (cni.md §1.1: stdout, not stderr).
    public static func error(_ error: CNIError, version: String?) -> PluginOutput {
        var error = error
        error.cniVersion = error.cniVersion ?? version
        return PluginOutput(exitCode: 1, stdout: error.jsonValue.prettySerialized())
    }

    /// The VERSION answer.
    public static func version(_ version: String) -> PluginOutput {
        let object: JSONValue = .object([
            "cniVersion": .string(version),
            "supportedVersions": .array(PluginRequest.supportedVersions.map { .string($0) }),
        ])
        return PluginOutput(exitCode: 0, stdout: object.prettySerialized())
    }
}

/// Turns any thrown error into the spec's error object: a `PluginFailure`'s as is, everything
/// else (errno errors included, whose description names the operation and errno) as 999, which
/// is what the reference plugins report for operational failures.
func cniError(_ error: any Error) -> CNIError {
    if let error = error as? PluginFailure { return error.error }
    if let error = error as? CNIExecError { return error.cniError }
    return CNIError(code: CNIError.internalError, msg: "\(error)")
}
