// The one error type of CNIExec: what failed, the CNI error object to report, the errno if any.

import AdapterOS

/// A failure of the CNI runtime: a bad config, a missing plugin, a plugin that failed,
/// crashed, hung or printed garbage, or a cache/file-system problem.
///
/// Every error carries a ``CNIError`` wire object (`cniError`) so that a caller can print
/// exactly what a CNI runtime prints, and keeps the plugin's stderr and the errno of a failed
/// system call so that logs say why.
public struct CNIExecError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; match on the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidConfig, invalidArgument, pluginNotFound, pluginFailed, pluginCrashed
            case pluginTimedOut, invalidPluginOutput, unsupportedVersion, cache, io
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A conflist or conf file is malformed (CNI code 7 or 1).
        public static let invalidConfig = Code(.invalidConfig)
        /// A container id, interface name or runtime argument is invalid (CNI code 3/4).
        public static let invalidArgument = Code(.invalidArgument)
        /// The plugin binary is not in any `CNI_PATH` directory.
        public static let pluginNotFound = Code(.pluginNotFound)
        /// The plugin exited non-zero; `cniError` is what it printed (or a synthesised one).
        public static let pluginFailed = Code(.pluginFailed)
        /// The plugin was killed by a signal.
        public static let pluginCrashed = Code(.pluginCrashed)
        /// The plugin ran past its deadline and was killed.
        public static let pluginTimedOut = Code(.pluginTimedOut)
        /// The plugin exited 0 but its stdout is not a valid result or version answer.
        public static let invalidPluginOutput = Code(.invalidPluginOutput)
        /// A result or config uses a CNI version this runtime cannot handle.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// The result cache could not be read or written.
        public static let cache = Code(.cache)
        /// Another system call failed (see `errno`).
        public static let io = Code(.io)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// The error object a CNI runtime reports for this failure (plugin's own code when it sent one).
    public internal(set) var cniError: CNIError
    /// The plugin's stderr (truncated), when a plugin was involved.
    public let stderr: String
    /// The errno of the failed system call underneath, if any.
    public let errno: Int32?

    /// Creates an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: human-readable text; becomes `cniError.msg` unless `cniError` is given.
    ///   - cniCode: the CNI error code for the synthesised error object (999 = internal).
    ///   - cniError: the plugin's own error object, kept verbatim.
    ///   - stderr: the plugin's stderr.
    ///   - errno: errno of an underlying system call.
    public init(
        _ code: Code, _ message: String, cniCode: UInt = CNIError.internalError,
        cniError: CNIError? = nil, stderr: [UInt8] = [], errno: Int32? = nil
    ) {
        self.code = code
        self.cniError = cniError ?? CNIError(code: cniCode, msg: message)
        self.stderr = CNIExecError.truncate(stderr)
        self.errno = errno
    }

    /// Wraps a `SystemError` (keeping its errno) under `code`.
    static func system(_ code: Code, _ context: String, _ error: any Error) -> CNIExecError {
        if let error = error as? CNIExecError { return error }
        let errno = (error as? SystemError)?.errno
        return CNIExecError(code, "\(context): \(error)", cniCode: CNIError.ioFailure, errno: errno)
    }

    /// The same error with the message prefixed, e.g. by `plugin type="bridge" failed (add): `.
    func prefixed(_ prefix: String) -> CNIExecError {
        var copy = self
        copy.cniError.msg = prefix + copy.cniError.msg
        return copy
    }

    public var description: String {
        var text = cniError.msg
        if let details = cniError.details, !details.isEmpty { text += "; " + details }
        if !stderr.isEmpty { text += " (stderr: \(stderr))" }
        return text
    }

    /// Keeps the last 4 KiB of a plugin's stderr: the end is where the reason usually is.
    static func truncate(_ bytes: [UInt8]) -> String {
        let tail = bytes.count > 4096 ? Array(bytes.suffix(4096)) : bytes
        var text = String(decoding: tail, as: UTF8.self)
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
