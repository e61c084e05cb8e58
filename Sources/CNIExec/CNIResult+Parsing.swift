// Reading results of every version into the one model (pkg/types/020, 040, 100; cni.md §3.3).

extension CNIResult {
    /// Parses a result printed by a plugin.
    /// - Parameters:
    ///   - bytes: the JSON text.
    ///   - defaultVersion: used when the result has no `cniVersion` (libcni stamps the config
    ///     version, cni#895).
    /// - Throws: `CNIExecError.invalidPluginOutput` for malformed JSON or fields,
    ///   `.unsupportedVersion` for a version outside 0.1.0…1.1.0.
    public static func parse(_ bytes: [UInt8], defaultVersion: String = CNIVersion.current) throws -> CNIResult {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw CNIExecError(.invalidPluginOutput, "result is not valid JSON: \(preview(bytes))",
                cniCode: CNIError.decodingFailure)
        }
        return try parse(value, defaultVersion: defaultVersion)
    }

    /// Parses a result already decoded as JSON (e.g. the `result` of a cache file).
    public static func parse(_ value: JSONValue, defaultVersion: String = CNIVersion.current) throws -> CNIResult {
        guard let object = value.objectValue else { throw invalid("result must be a JSON object") }
        var version = defaultVersion
        if let v = object["cniVersion"], v != .null {
            guard let s = v.stringValue else { throw invalid("cniVersion must be a string") }
            if !s.isEmpty { version = s }
        }
        switch version {
        case "0.1.0", "0.2.0": return try parseV02(object, version: version)
        case "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0": return try parseCurrent(object, version: version)
        default:
            throw CNIExecError(
                .unsupportedVersion, "result version \"\(version)\" is not supported (supported: \(CNIVersion.all))",
                cniCode: CNIError.incompatibleVersion)
        }
    }

    /// 0.3.0 … 1.1.0 share one shape; 0.3.x/0.4.0 add `ips[].version`, which is derived, so ignored.
    private static func parseCurrent(_ object: [String: JSONValue], version: String) throws -> CNIResult {
        var result = CNIResult(cniVersion: version)
        for (i, item) in try array(object, "interfaces").enumerated() {
            let field = "interfaces[\(i)]"
            guard let o = item.objectValue else { throw invalid("\(field) must be an object") }
            result.interfaces.append(Interface(
                name: try string(o, "name", field) ?? "", mac: try string(o, "mac", field) ?? "",
                mtu: try int(o, "mtu", field), sandbox: try optional(o, "sandbox", field),
                socketPath: try optional(o, "socketPath", field), pciID: try optional(o, "pciID", field)))
        }
        for (i, item) in try array(object, "ips").enumerated() {
            let field = "ips[\(i)]"
            guard let o = item.objectValue else { throw invalid("\(field) must be an object") }
            guard let address = try string(o, "address", field), !address.isEmpty else {
                throw invalid("\(field).address is missing")
            }
            result.ips.append(IPConfig(
                address: address, gateway: try optional(o, "gateway", field), interface: try int(o, "interface", field)))
        }
        result.routes = try routes(try array(object, "routes"), field: "routes")
        result.dns = try dns(object["dns"])
        return result
    }

    /// 0.1.0/0.2.0: `ip4`/`ip6` objects with `ip`, `gateway`, `routes` (converted like libcni's
    /// 020 → 040 converter: addresses without interface index, routes concatenated).
    private static func parseV02(_ object: [String: JSONValue], version: String) throws -> CNIResult {
        var result = CNIResult(cniVersion: version)
        for key in ["ip4", "ip6"] {
            guard let value = object[key], value != .null else { continue }
            guard let o = value.objectValue else { throw invalid("\(key) must be an object") }
            guard let address = try string(o, "ip", key), !address.isEmpty else { throw invalid("\(key).ip is missing") }
            result.ips.append(IPConfig(address: address, gateway: try optional(o, "gateway", key)))
            result.routes += try routes(try array(o, "routes"), field: "\(key).routes")
        }
        result.dns = try dns(object["dns"])
        return result
    }

    private static func routes(_ items: [JSONValue], field: String) throws -> [Route] {
        try items.enumerated().map { i, item in
            let field = "\(field)[\(i)]"
            guard let o = item.objectValue else { throw invalid("\(field) must be an object") }
            guard let dst = try string(o, "dst", field), !dst.isEmpty else { throw invalid("\(field).dst is missing") }
            return Route(
                dst: dst, gw: try optional(o, "gw", field), mtu: try int(o, "mtu", field),
                advmss: try int(o, "advmss", field), priority: try int(o, "priority", field),
                table: try int(o, "table", field), scope: try int(o, "scope", field))
        }
    }

    private static func dns(_ value: JSONValue?) throws -> DNS {
        guard let value, value != .null else { return DNS() }
        guard let o = value.objectValue else { throw invalid("dns must be an object") }
        return DNS(
            nameservers: try strings(o, "nameservers", "dns"), domain: try optional(o, "domain", "dns"),
            search: try strings(o, "search", "dns"), options: try strings(o, "options", "dns"))
    }

    // MARK: tolerant field readers: absent or null is fine, a wrong type is an error.

    private static func array(_ o: [String: JSONValue], _ key: String) throws -> [JSONValue] {
        guard let value = o[key], value != .null else { return [] }
        guard let items = value.arrayValue else { throw invalid("\(key) must be an array") }
        return items
    }

    private static func string(_ o: [String: JSONValue], _ key: String, _ field: String) throws -> String? {
        guard let value = o[key], value != .null else { return nil }
        guard let s = value.stringValue else { throw invalid("\(field).\(key) must be a string") }
        return s
    }

    /// An optional string field where `""` means absent, as Go's `net.IP` and `omitempty` read
    /// it (and as the encoder writes it): otherwise `"gw": ""` would not survive a round trip
    /// through the cache (found by fuzzing).
    private static func optional(_ o: [String: JSONValue], _ key: String, _ field: String) throws -> String? {
        guard let s = try string(o, key, field), !s.isEmpty else { return nil }
        return s
    }

    private static func int(_ o: [String: JSONValue], _ key: String, _ field: String) throws -> Int? {
        guard let value = o[key], value != .null else { return nil }
        guard let i = value.intValue else { throw invalid("\(field).\(key) must be an integer") }
        return i
    }

    private static func strings(_ o: [String: JSONValue], _ key: String, _ field: String) throws -> [String] {
        guard let value = o[key], value != .null else { return [] }
        guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
            throw invalid("\(field).\(key) must be an array of strings")
        }
        return items.compactMap(\.stringValue)
    }

    private static func invalid(_ message: String) -> CNIExecError {
        CNIExecError(.invalidPluginOutput, "invalid result: \(message)", cniCode: CNIError.decodingFailure)
    }

    /// The first 200 bytes of output, for error messages about garbage.
    static func preview(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(200), as: UTF8.self)
        return bytes.count > 200 ? "\"\(text)…\"" : "\"\(text)\""
    }
}
