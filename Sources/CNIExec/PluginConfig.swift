// One plugin configuration object of a conflist (SPEC §Plugin configuration objects, cni.md §4.2).

/// A plugin's configuration: the whole object as written (keys the runtime does not know are
/// passed through unchanged) plus the two keys the runtime acts on.
public struct PluginConfig: Sendable, Equatable {
    /// The complete object from the file.
    public var raw: [String: JSONValue]
    /// The plugin binary name, looked up on `CNI_PATH`.
    public var type: String
    /// Capabilities the plugin declares (`"portMappings": true`, …); only `true` entries count.
    public var capabilities: [String: Bool]

    /// Creates a plugin config from its raw object.
    /// - Parameters:
    ///   - raw: the object; must have a valid `type`.
    ///   - field: where it sits, for error messages (e.g. `plugins[1]`).
    ///   - source: the file it came from, for error messages.
    /// - Throws: `CNIExecError.invalidConfig` naming the file and field.
    public init(raw: [String: JSONValue], field: String = "plugin", source: String = "config") throws {
        guard let typeValue = raw["type"] else {
            throw CNIExecError.config(source, "\(field).type", "is missing")
        }
        guard let type = typeValue.stringValue else {
            throw CNIExecError.config(source, "\(field).type", "must be a string")
        }
        try PluginConfig.validateType(type, field: "\(field).type", source: source)
        var capabilities: [String: Bool] = [:]
        if let caps = raw["capabilities"] {
            guard let object = caps.objectValue else {
                throw CNIExecError.config(source, "\(field).capabilities", "must be an object of booleans")
            }
            for (name, value) in object {
                guard let enabled = value.boolValue else {
                    throw CNIExecError.config(source, "\(field).capabilities.\(name)", "must be a boolean")
                }
                capabilities[name] = enabled
            }
        }
        self.raw = raw
        self.type = type
        self.capabilities = capabilities
    }

    /// Capability names declared `true`, sorted.
    public var enabledCapabilities: [String] {
        capabilities.filter(\.value).map(\.key).sorted()
    }

    /// Rejects plugin names that could escape the `CNI_PATH` directories (libcni `FindInPath`).
    static func validateType(_ type: String, field: String, source: String) throws {
        if type.isEmpty { throw CNIExecError.config(source, field, "must not be empty") }
        if type.contains("/") { throw CNIExecError.config(source, field, "\"\(type)\" must not contain '/'") }
        if type == "." || type.contains("..") {
            throw CNIExecError.config(source, field, "\"\(type)\" must not contain '..'")
        }
        if type.utf8.contains(0) { throw CNIExecError.config(source, field, "must not contain NUL") }
    }
}

extension CNIExecError {
    /// An invalid-config error naming the file and the field (CNI code 7).
    static func config(_ source: String, _ field: String, _ problem: String) -> CNIExecError {
        CNIExecError(.invalidConfig, "\(source): \(field) \(problem)", cniCode: CNIError.invalidNetworkConfig)
    }
}
