// One CNI plugin invocation, parsed and validated from environment + stdin (SPEC §Parameters,
// cni.md §1.2): what skel does for the Go plugins, as a pure function.

import CNIExec

/// The CNI commands a plugin answers.
public enum PluginCommand: String, Sendable {
    case add = "ADD", del = "DEL", check = "CHECK", gc = "GC", status = "STATUS", version = "VERSION"
}

/// A validated plugin invocation.
public struct PluginRequest: Sendable {
    public var command: PluginCommand
    public var containerID: String
    public var netns: String
    public var ifname: String
    /// `CNI_ARGS` as ordered key/value pairs.
    public var args: [(key: String, value: String)]
    /// `CNI_PATH` split on `:`.
    public var path: [String]
    /// The configuration object from stdin.
    public var config: [String: JSONValue]
    /// The raw stdin, passed unchanged to a delegated IPAM plugin.
    public var stdin: [UInt8]
    /// The config's `cniVersion` (the version results are printed in).
    public var cniVersion: String
    /// The whole environment, for delegated plugins (cni.md §1.1: they get all of it).
    public var environment: [String: String]

    /// Versions the bundled plugins speak (0.1.0/0.2.0 results have no interfaces; not offered).
    public static let supportedVersions = ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"]

    /// Parses and validates an invocation; VERSION needs neither stdin nor other variables.
    /// - Throws: `CNIError` with the spec's code (3, 4, 6, 7, 1) for what is missing or wrong.
    public static func parse(environment env: [String: String], stdin: [UInt8]) throws(PluginFailure) -> PluginRequest {
        guard let raw = env["CNI_COMMAND"], !raw.isEmpty else {
            throw PluginFailure(code: CNIError.invalidEnvironment, msg: "required env variables [CNI_COMMAND] missing")
        }
        guard let command = PluginCommand(rawValue: raw) else {
            throw PluginFailure(code: CNIError.invalidEnvironment, msg: "unknown CNI_COMMAND: \(raw)")
        }
        var request = PluginRequest(
            command: command, containerID: env["CNI_CONTAINERID"] ?? "", netns: env["CNI_NETNS"] ?? "",
            ifname: env["CNI_IFNAME"] ?? "", args: [], path: [], config: [:], stdin: stdin, cniVersion: CNIVersion.current,
            environment: env)
        request.path = (env["CNI_PATH"] ?? "").split(separator: ":").map(String.init)
        if command == .version {
            // VERSION echoes the caller's version when it sent one we know (SPEC §VERSION).
            if let version = (try? JSONValue.parse(stdin))?["cniVersion"]?.stringValue, !version.isEmpty {
                request.cniVersion = version
            }
            return request
        }

        // 1. stdin: a JSON object with a valid name and a version we speak.
        guard let value = try? JSONValue.parse(stdin), let config = value.objectValue else {
            throw PluginFailure(code: CNIError.decodingFailure, msg: "error unmarshaling network configuration")
        }
        request.config = config
        guard let name = config["name"]?.stringValue, !name.isEmpty else {
            throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "missing network name")
        }
        guard isValidID(name) else {
            throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "invalid characters found in network name", details: name)
        }
        let version = config["cniVersion"]?.stringValue ?? "0.1.0"
        guard supportedVersions.contains(version) else {
            throw PluginFailure(
                code: CNIError.incompatibleVersion, msg: "incompatible CNI versions",
                details: "config is \"\(version)\", plugin supports \(supportedVersions)")
        }
        request.cniVersion = version

        // 2. Per-command version floors (skel) and required variables (SPEC §Parameters).
        switch command {
        case .check where !CNIVersion.supportsCheck(version):
            throw PluginFailure(code: CNIError.incompatibleVersion, msg: "config version does not allow CHECK")
        case .gc where !CNIVersion.supportsGCAndStatus(version), .status where !CNIVersion.supportsGCAndStatus(version):
            throw PluginFailure(code: CNIError.incompatibleVersion, msg: "config version does not allow \(command.rawValue)")
        default: break
        }
        var missing: [String] = []
        if [.add, .check, .del].contains(command) {
            if request.containerID.isEmpty { throw PluginFailure(code: CNIError.unknownContainer, msg: "missing containerID") }
            if !isValidID(request.containerID) {
                throw PluginFailure(
                    code: CNIError.invalidEnvironment, msg: "invalid characters in containerID", details: request.containerID)
            }
            if request.ifname.isEmpty { missing.append("CNI_IFNAME") }
            if command != .del && request.netns.isEmpty { missing.append("CNI_NETNS") }
        }
        if command == .gc && request.path.isEmpty { missing.append("CNI_PATH") }
        if !missing.isEmpty {
            throw PluginFailure(code: CNIError.invalidEnvironment, msg: "required env variables [\(missing.joined(separator: ","))] missing")
        }
        if !request.ifname.isEmpty, let problem = interfaceNameProblem(request.ifname) {
            throw PluginFailure(code: CNIError.invalidEnvironment, msg: problem)
        }

        // 3. CNI_ARGS: K=V pairs separated by `;` (types/args.go).
        for pair in (env["CNI_ARGS"] ?? "").split(separator: ";") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard kv.count == 2 else {
                throw PluginFailure(code: CNIError.invalidEnvironment, msg: "ARGS: invalid pair \"\(pair)\"")
            }
            request.args.append((String(kv[0]), String(kv[1])))
        }
        return request
    }

    /// The value of `CNI_ARGS` key `key`, if present.
    public func arg(_ key: String) -> String? { args.last { $0.key == key }?.value }

    /// Rejects `CNI_ARGS` keys outside `known` unless `IgnoreUnknown` is set, as the reference
    /// plugins do (types/args.go LoadArgs).
    public func checkArgs(known: Set<String>) throws(PluginFailure) {
        let ignore = ["1", "true"].contains((arg("IgnoreUnknown") ?? "").lowercased())
        let unknown = args.filter { !known.contains($0.key) && $0.key != "IgnoreUnknown" }
        if !ignore && !unknown.isEmpty {
            throw PluginFailure(
                code: CNIError.internalError,
                msg: "ARGS: unknown args [\(unknown.map { "\"\($0.key)=\($0.value)\"" }.joined(separator: " "))]")
        }
    }

    /// `runtimeConfig.<key>` of the configuration (capability arguments).
    public func runtimeConfig(_ key: String) -> JSONValue? { config["runtimeConfig"]?[key] }

    /// The spec's id rule: `^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$`.
    static func isValidID(_ s: String) -> Bool {
        guard let first = s.utf8.first, isAlnum(first) else { return false }
        return s.utf8.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }

    /// Why `name` cannot be an interface name (utils.ValidateInterfaceName), nil when it can.
    static func interfaceNameProblem(_ name: String) -> String? {
        if name.utf8.count > 15 { return "interface name is too long" }
        if name == "." || name == ".." { return "interface name is . or .." }
        if name.contains(where: { $0 == "/" || $0 == ":" || $0.isWhitespace }) {
            return "interface name contains / or : or whitespace characters"
        }
        return nil
    }
}

/// A plugin failure carrying the spec's error object (code, msg, details).
public struct PluginFailure: Error, CustomStringConvertible, Sendable {
    /// What the plugin prints.
    public var error: CNIError

    /// Creates a failure with a spec code (`CNIError.invalidEnvironment`, …) or 999.
    public init(code: UInt = CNIError.internalError, msg: String, details: String? = nil) {
        error = CNIError(code: code, msg: msg, details: details)
    }

    public var description: String { error.description }
}
