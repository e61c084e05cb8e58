// Parsing `.conflist` files and up-converting single-plugin `.conf` files (libcni conf.go).

import AdapterOS

extension NetworkConfigList {
    /// Reads and parses a `.conflist`, or a `.conf`/`.json` single-plugin config.
    /// - Parameter path: the file.
    /// - Throws: `CNIExecError.invalidConfig` naming the file and field; `.io` when unreadable.
    public static func load(path: String) throws -> NetworkConfigList {
        let bytes: [UInt8]?
        do {
            bytes = try Files.read(path)
        } catch {
            throw CNIExecError.system(.io, "read \(path)", error)
        }
        guard let bytes else {
            throw CNIExecError(.invalidConfig, "\(path): no such file", cniCode: CNIError.invalidNetworkConfig)
        }
        return try parse(bytes, source: path)
    }

    /// Parses a conflist, or a single plugin config (an object with `type` and no `plugins`),
    /// which is wrapped into a one-plugin list as libcni's `ConfListFromConf` does.
    /// - Parameters:
    ///   - bytes: the JSON text.
    ///   - source: names the file in error messages.
    /// - Throws: `CNIExecError.invalidConfig` naming `source` and the field.
    public static func parse(_ bytes: [UInt8], source: String = "config") throws -> NetworkConfigList {
        try parse(bytes, source: source, allowEmptyPlugins: false)
    }

    /// `allowEmptyPlugins`: a conflist in a conf dir may get its plugins from `<dir>/<name>/`.
    static func parse(_ bytes: [UInt8], source: String, allowEmptyPlugins: Bool) throws -> NetworkConfigList {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw CNIExecError(
                .invalidConfig, "\(source): not valid JSON: \(error)", cniCode: CNIError.decodingFailure)
        }
        guard var object = value.objectValue else {
            throw CNIExecError.config(source, "top level", "must be a JSON object")
        }
        var listBytes = bytes
        if object["plugins"] == nil && object["type"] == nil && allowEmptyPlugins {
            object["plugins"] = .array([])
        } else if object["plugins"] == nil {
            guard object["type"] != nil else {
                throw CNIExecError.config(source, "plugins", "is missing (and no \"type\" for a single-plugin config)")
            }
            // A single `.conf`: the list takes its name and version; the plugin keeps everything.
            object = [
                "name": object["name"] ?? .null, "cniVersion": object["cniVersion"] ?? .null,
                "plugins": .array([.object(object)]),
            ]
            listBytes = JSONValue.object(object).serialized()
        }
        return try fromObject(object, bytes: listBytes, source: source, allowEmptyPlugins: allowEmptyPlugins)
    }

    private static func fromObject(
        _ object: [String: JSONValue], bytes: [UInt8], source: String, allowEmptyPlugins: Bool
    ) throws
        -> NetworkConfigList
    {
        // 1. Name: it becomes part of file names (cache, host-local), so the libcni rule applies.
        guard let name = object["name"]?.stringValue, !name.isEmpty else {
            throw CNIExecError.config(source, "name", "is missing or not a string")
        }
        guard isValidName(name) else {
            throw CNIExecError.config(source, "name", "\"\(name)\" must match [a-zA-Z0-9][a-zA-Z0-9_.-]*")
        }
        // 2. Version: the highest known of cniVersion ∪ cniVersions (SPEC §Version considerations).
        let (version, versions) = try selectVersion(object, source: source)
        // 3. Flags (libcni also accepts "true"/"false" strings).
        let disableCheck = try flag(object, "disableCheck", source)
        let disableGC = try flag(object, "disableGC", source)
        // 4. Plugins, each with a safe `type`.
        guard let array = object["plugins"]?.arrayValue else {
            throw CNIExecError.config(source, "plugins", "must be an array")
        }
        guard !array.isEmpty || allowEmptyPlugins else { throw CNIExecError.config(source, "plugins", "must not be empty") }
        var plugins: [PluginConfig] = []
        for (i, element) in array.enumerated() {
            guard let raw = element.objectValue else {
                throw CNIExecError.config(source, "plugins[\(i)]", "must be an object")
            }
            plugins.append(try PluginConfig(raw: raw, field: "plugins[\(i)]", source: source))
        }
        return NetworkConfigList(
            name: name, cniVersion: version, cniVersions: versions, disableCheck: disableCheck,
            disableGC: disableGC, plugins: plugins, bytes: bytes)
    }

    private static func selectVersion(_ object: [String: JSONValue], source: String) throws -> (String, [String]) {
        var candidates: [String] = []
        if let value = object["cniVersion"], value != .null {
            guard let version = value.stringValue else {
                throw CNIExecError.config(source, "cniVersion", "must be a string")
            }
            if !version.isEmpty { candidates.append(version) }
        }
        var versions: [String] = []
        if let value = object["cniVersions"] {
            guard let array = value.arrayValue, array.allSatisfy({ $0.stringValue != nil }) else {
                throw CNIExecError.config(source, "cniVersions", "must be an array of strings")
            }
            versions = array.compactMap(\.stringValue)
            candidates += versions
        }
        guard !candidates.isEmpty else { throw CNIExecError.config(source, "cniVersion", "is missing") }
        for version in candidates where CNIVersion.components(version) == nil {
            throw CNIExecError.config(source, "cniVersion", "\"\(version)\" is not a version (x.y.z)")
        }
        // Versions newer than ours are dropped (libcni); unknown older ones cannot be spoken.
        let usable = candidates.filter(CNIVersion.isKnown)
        guard let best = usable.max(by: CNIVersion.less) else {
            throw CNIExecError(
                .unsupportedVersion,
                "\(source): cniVersion: none of \(candidates) is supported (supported: \(CNIVersion.all))",
                cniCode: CNIError.incompatibleVersion)
        }
        return (best, versions)
    }

    private static func flag(_ object: [String: JSONValue], _ key: String, _ source: String) throws -> Bool {
        switch object[key] {
        case nil, .null: return false
        case .bool(let b): return b
        case .string(let s) where s.lowercased() == "true": return true
        case .string(let s) where s.lowercased() == "false": return false
        default: throw CNIExecError.config(source, key, "must be a boolean")
        }
    }

    /// libcni `ValidateNetworkName` / `ValidateContainerID`: `^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$`.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, isAlphanumeric(first) else { return false }
        return name.utf8.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
    }

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }
}
