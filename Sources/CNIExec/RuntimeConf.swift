// The per-attachment parameters of a CNI call (libcni RuntimeConf).

/// Which attachment an ADD/CHECK/DEL is about, and the runtime-supplied arguments.
public struct RuntimeConf: Sendable {
    /// `CNI_CONTAINERID`: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; part of the cache file name.
    public var containerID: String
    /// `CNI_NETNS`: path of the network namespace (may be empty for DEL).
    public var netns: String
    /// `CNI_IFNAME`: the interface to create in the namespace (≤ 15 bytes).
    public var ifName: String
    /// `CNI_ARGS` pairs, in order. When any are given, `IgnoreUnknown=1` is added (cni.md §1.2):
    /// every plugin of a chain parses the same `CNI_ARGS` and rejects keys it does not know.
    public var args: [(String, String)]
    /// Values for capabilities (`portMappings`, `ips`, `mac`, …); each plugin receives only those
    /// it declares in `capabilities`, as `runtimeConfig`.
    public var capabilityArgs: [String: JSONValue]

    /// Creates a runtime configuration.
    public init(
        containerID: String, netns: String, ifName: String = "eth0", args: [(String, String)] = [],
        capabilityArgs: [String: JSONValue] = [:]
    ) {
        self.containerID = containerID
        self.netns = netns
        self.ifName = ifName
        self.args = args
        self.capabilityArgs = capabilityArgs
    }

    /// The `CNI_ARGS` value: `K1=V1;K2=V2`, with `IgnoreUnknown=1` first when args are present.
    public var cniArgsString: String {
        guard !args.isEmpty else { return "" }
        var pairs = args
        if !pairs.contains(where: { $0.0 == "IgnoreUnknown" }) { pairs.insert(("IgnoreUnknown", "1"), at: 0) }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: ";")
    }

    /// Checks the container id and interface name before they reach a plugin or a file name
    /// (libcni `ValidateContainerID`, `ValidateInterfaceName`; cni.md §1.2).
    /// - Throws: `CNIExecError.invalidArgument` with CNI code 3 (missing id) or 4.
    public func validate() throws {
        if containerID.isEmpty {
            throw CNIExecError(.invalidArgument, "missing containerID", cniCode: CNIError.unknownContainer)
        }
        guard NetworkConfigList.isValidName(containerID) else {
            throw CNIExecError(
                .invalidArgument, "invalid characters in containerID \"\(containerID)\"",
                cniCode: CNIError.invalidEnvironment)
        }
        if ifName.isEmpty {
            throw CNIExecError(.invalidArgument, "interface name is empty", cniCode: CNIError.invalidEnvironment)
        }
        if ifName.utf8.count > 15 {
            throw CNIExecError(.invalidArgument, "interface name is too long", cniCode: CNIError.invalidEnvironment)
        }
        if ifName == "." || ifName == ".."
            || ifName.unicodeScalars.contains(where: { $0 == "/" || $0 == ":" || $0.properties.isWhitespace })
        {
            throw CNIExecError(
                .invalidArgument, "interface name \"\(ifName)\" contains / : or whitespace, or is . or ..",
                cniCode: CNIError.invalidEnvironment)
        }
        // CNI_ARGS is "K=V;K=V" with no escaping (SPEC §Parameters): a `;` or `=` inside a key or
        // value would add or change arguments the plugin sees, e.g. a value "x;IP=10.0.0.9".
        for (key, value) in args {
            if let bad = RuntimeConf.cniArgsProblem(key: key, value: value) {
                throw CNIExecError(.invalidArgument, "CNI_ARGS \(bad)", cniCode: CNIError.invalidEnvironment)
            }
        }
    }

    /// Why `key=value` cannot be put in CNI_ARGS, or `nil` when it can.
    ///
    /// Refused: an empty key, `;` and `=` in either, and control characters (NUL ends the
    /// environment string early). Plugins split each pair at every `=` (`types.LoadArgs`
    /// rejects a pair that does not split in two), so `=` in a value is refused too.
    public static func cniArgsProblem(key: String, value: String) -> String? {
        let isControl: (Unicode.Scalar) -> Bool = { $0.value < 0x20 || $0.value == 0x7F }
        if key.isEmpty { return "key is empty" }
        if key.unicodeScalars.contains(where: { $0 == ";" || $0 == "=" || isControl($0) }) {
            return "key \"\(key)\" contains ';', '=' or a control character"
        }
        if value.unicodeScalars.contains(where: { $0 == ";" || $0 == "=" || isControl($0) }) {
            return "value of \(key) contains ';', '=' or a control character"
        }
        return nil
    }
}
