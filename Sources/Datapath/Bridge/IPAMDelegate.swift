// Delegating IPAM (SPEC §Delegated plugins): our own IPAM runs in-process, any other type is
// executed from CNI_PATH with the same environment and stdin, as the reference bridge does.

import AdapterOS
import CNIExec

/// Runs the IPAM plugin named in the config; the seam a test can replace.
public protocol IPAMDelegate {
    /// Runs `request.command` on IPAM plugin `type` with the request's stdin and environment.
    /// - Returns: the parsed result for ADD, nil otherwise.
    /// - Throws: `PluginFailure` carrying the delegate's own error object.
    func run(type: String, _ request: PluginRequest) throws -> CNIResult?
}

/// The real delegate: in-process for `cni-adapter-ipam`, exec for everything else.
public struct ExecIPAMDelegate: IPAMDelegate {
    public init() {}

    public func run(type: String, _ request: PluginRequest) throws -> CNIResult? {
        if BundledPlugin(name: type) == .ipam {
            if request.command == .add { return try IPAMPlugin.add(request).0 }
            _ = try IPAMPlugin.run(request)
            return nil
        }
        // 1. Find the binary on CNI_PATH (a type with a path separator is rejected, like libcni).
        guard !type.contains("/"),
            let path = request.path.map({ "\($0)/\(type)" }).first(where: { Files.exists($0) })
        else {
            throw PluginFailure(msg: "failed to find plugin \"\(type)\" in path \(request.path)")
        }
        // 2. Same environment and stdin (the IPAM plugin reads the full network config).
        let env = request.environment.map { "\($0.key)=\($0.value)" }
        let output = try Subprocess.run(path, environment: env, stdin: request.stdin, timeout: 60)
        if output.status != 0 {
            if let error = CNIError.parse(output.stdout) { throw PluginFailure(code: error.code, msg: error.msg, details: error.details) }
            throw PluginFailure(msg: "netplugin failed: \"\(String(decoding: output.stderr + output.stdout, as: UTF8.self))\"")
        }
        guard request.command == .add else { return nil }
        do {
            return try CNIResult.parse(output.stdout, defaultVersion: request.cniVersion)
        } catch {
            throw PluginFailure(code: CNIError.decodingFailure, msg: "\(error)")
        }
    }
}
