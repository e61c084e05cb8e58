// The CNI error object plugins print on failure.
// Source: https://github.com/containernetworking/cni/blob/main/SPEC.md#error (cni.md §6)

/// The error object of the CNI spec: `{"cniVersion", "code", "msg", "details"}`.
///
/// The reference plugins omit `cniVersion` (cni.md §6), so it is optional here and never required
/// when parsing.
public struct CNIError: Equatable, Sendable, CustomStringConvertible {
    /// The spec version of the object; absent in what the reference plugins print.
    public var cniVersion: String?
    /// The error code: 1–11 and 50/51 from the spec, 100+ plugin-specific, 999 libcni's "internal".
    public var code: UInt
    /// A short message.
    public var msg: String
    /// Longer diagnostic text.
    public var details: String?

    /// Creates an error object.
    public init(cniVersion: String? = nil, code: UInt, msg: String, details: String? = nil) {
        self.cniVersion = cniVersion
        self.code = code
        self.msg = msg
        self.details = details
    }

    // Spec codes (SPEC §Error) plus the two libcni-only ones (8, 999).
    /// 0: unknown error.
    public static let unknown: UInt = 0
    /// 1: incompatible CNI version.
    public static let incompatibleVersion: UInt = 1
    /// 2: unsupported field in network configuration.
    public static let unsupportedField: UInt = 2
    /// 3: container unknown or does not exist.
    public static let unknownContainer: UInt = 3
    /// 4: invalid necessary environment variables.
    public static let invalidEnvironment: UInt = 4
    /// 5: I/O failure.
    public static let ioFailure: UInt = 5
    /// 6: failed to decode content.
    public static let decodingFailure: UInt = 6
    /// 7: invalid network config.
    public static let invalidNetworkConfig: UInt = 7
    /// 8: (libcni) CNI_NETNS is the plugin's own namespace.
    public static let invalidNetNS: UInt = 8
    /// 11: try again later.
    public static let tryAgainLater: UInt = 11
    /// 50: plugin not available (STATUS).
    public static let pluginNotAvailable: UInt = 50
    /// 51: plugin not available, existing containers may have limited connectivity (STATUS).
    public static let pluginNotAvailableLimitedConnectivity: UInt = 51
    /// 999: (libcni) internal error; what reference plugins use for almost every real failure.
    public static let internalError: UInt = 999

    /// Parses a plugin's error output; `nil` unless it is a JSON object with a `code` or `msg`.
    public static func parse(_ bytes: [UInt8]) -> CNIError? {
        guard let value = try? JSONValue.parse(bytes), case .object(let object) = value else { return nil }
        let code = object["code"]?.intValue
        let msg = object["msg"]?.stringValue
        guard code != nil || msg != nil else { return nil }
        return CNIError(
            cniVersion: object["cniVersion"]?.stringValue,
            code: UInt(clamping: max(0, code ?? 0)),
            msg: msg ?? "",
            details: object["details"]?.stringValue)
    }

    /// The JSON object, with `cniVersion` and `details` only when set.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["code": .integer(Int64(clamping: code)), "msg": .string(msg)]
        if let cniVersion { object["cniVersion"] = .string(cniVersion) }
        if let details, !details.isEmpty { object["details"] = .string(details) }
        return .object(object)
    }

    public var description: String {
        guard let details, !details.isEmpty else { return msg }
        return "\(msg); \(details)"
    }
}
