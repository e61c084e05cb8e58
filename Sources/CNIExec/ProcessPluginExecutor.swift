// Runs plugins as child processes and turns every way they can fail into a clear CNIExecError.

import AdapterOS

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The real ``PluginExecutor``: posix_spawn through `AdapterOS.Subprocess` (no shell, own process
/// group, killed at the deadline).
///
/// Output rules follow libcni `invoke/raw_exec.go` (cni.md §1.1): on a non-zero exit the error
/// object is read from stdout, falling back to stderr when stdout is empty.
public struct ProcessPluginExecutor: PluginExecutor {
    private let logger: Logger

    /// Creates an executor that logs plugin stderr of successful runs at debug level.
    ///
    /// Sets SIGPIPE to ignored for the whole process: a plugin that exits without reading its
    /// stdin (VERSION, a crash) would otherwise kill the runtime with SIGPIPE on the stdin write.
    /// Children get the default disposition back (Subprocess resets it).
    public init(logger: Logger = Logger()) {
        self.logger = logger.with("component", "cni-exec")
        signal(SIGPIPE, SIG_IGN)
    }

    public func execute(pluginPath: String, stdin: [UInt8], environment: [String], timeout: Double?) throws -> [UInt8] {
        let name = pluginPath.split(separator: "/").last.map(String.init) ?? pluginPath
        let result = try spawnRetryingTextBusy(pluginPath, name: name, stdin: stdin, environment: environment, timeout: timeout)
        if result.timedOut {
            let seconds = timeout.map { CNIExecError.formatSeconds($0) } ?? "?"
            throw CNIExecError(.pluginTimedOut, "plugin \(name) timed out after \(seconds)s, killed", stderr: result.stderr)
        }
        if result.status == 0 {
            if !result.stderr.isEmpty {
                logger.debug("plugin stderr", [("plugin", name), ("stderr", CNIExecError.truncate(result.stderr))])
            }
            return result.stdout
        }
        throw CNIExecError.pluginFailure(name: name, status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    public func find(plugin: String, in paths: [String]) throws -> String {
        try PluginConfig.validateType(plugin, field: "type", source: "plugin name")
        for dir in paths where !dir.isEmpty {
            let candidate = dir.hasSuffix("/") ? dir + plugin : dir + "/" + plugin
            var st = stat()
            // stat follows symlinks, as Go's os.Stat does: /usr/lib/cni entries may be links.
            if stat(candidate, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        throw CNIExecError(.pluginNotFound, "failed to find plugin \"\(plugin)\" in path \(paths)")
    }

    /// libcni retries up to 5 times, 1 s apart, on ETXTBSY: the binary is being replaced.
    private func spawnRetryingTextBusy(
        _ path: String, name: String, stdin: [UInt8], environment: [String], timeout: Double?
    ) throws -> SubprocessResult {
        var attempt = 0
        while true {
            do {
                return try Subprocess.run(path, environment: environment, stdin: stdin, timeout: timeout)
            } catch let error as SystemError where error.errno == ETXTBSY && attempt < 4 {
                attempt += 1
                sleep(1)
            } catch let error as SystemError {
                let code: CNIExecError.Code = error.errno == ENOENT ? .pluginNotFound : .io
                throw CNIExecError(code, "cannot run plugin \(name): \(error)", errno: error.errno)
            }
        }
    }
}

extension CNIExecError {
    /// Classifies a non-zero exit: the plugin's own error object, a crash, or garbage.
    public static func pluginFailure(name: String, status: Int32, stdout: [UInt8], stderr: [UInt8]) -> CNIExecError {
        // 1. A well-formed error object on stdout (where skel prints it) wins, even on a crash code.
        if let wire = CNIError.parse(stdout) {
            return CNIExecError(.pluginFailed, wire.msg, cniError: wire, stderr: stderr)
        }
        // 2. Subprocess reports a signal death as 128 + signal.
        if status > 128 && status < 128 + 65 {
            let signal = status - 128
            return CNIExecError(
                .pluginCrashed, "plugin \(name) crashed: killed by signal \(signal) (\(signalName(signal)))",
                stderr: stderr)
        }
        // 3. Nothing on stdout: libcni builds the message from stderr.
        let trimmedOut = stdout.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") }
        if trimmedOut.isEmpty {
            let err = CNIExecError.truncate(stderr)
            let message = err.isEmpty ? "plugin \(name) failed with exit status \(status)" : "netplugin failed: \"\(err)\""
            return CNIExecError(.pluginFailed, message, stderr: stderr)
        }
        // 4. Something that is not an error object.
        return CNIExecError(
            .pluginFailed,
            "plugin \(name) failed with exit status \(status) but its output is not a CNI error: \(CNIResult.preview(stdout))",
            stderr: stderr)
    }

    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
            SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV",
            SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM", SIGUSR1: "SIGUSR1", SIGUSR2: "SIGUSR2",
        ]
        return names[signal] ?? "signal \(signal)"
    }

    static func formatSeconds(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? String(Int(seconds)) : "\(seconds)"
    }
}
