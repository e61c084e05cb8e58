// Writing the model back in any supported version (libcni's result converters, cni.md §3.3).

extension CNIResult {
    /// The result as JSON in `version`.
    ///
    /// 1.x keeps every field; 0.3.x/0.4.0 add `ips[].version` and drop the 1.1.0 interface and
    /// route attributes; 0.1.0/0.2.0 keep only the first IPv4 and first IPv6 address.
    /// An empty `dns` is omitted (newer libcni behaviour).
    /// - Throws: `CNIExecError.unsupportedVersion` for a version outside 0.1.0…1.1.0.
    public func jsonValue(version: String) throws -> JSONValue {
        switch version {
        case "1.0.0", "1.1.0": return encodeCurrent(version: version, legacy: false)
        case "0.3.0", "0.3.1", "0.4.0": return encodeCurrent(version: version, legacy: true)
        case "0.1.0", "0.2.0": return encodeV02(version: version)
        default:
            throw CNIExecError(
                .unsupportedVersion, "cannot convert result to version \"\(version)\" (supported: \(CNIVersion.all))",
                cniCode: CNIError.incompatibleVersion)
        }
    }

    /// The result as compact JSON bytes in `version` (sorted keys; deterministic).
    public func encoded(version: String) throws -> [UInt8] {
        try jsonValue(version: version).serialized()
    }

    private func encodeCurrent(version: String, legacy: Bool) -> JSONValue {
        var object: [String: JSONValue] = ["cniVersion": .string(version)]
        if !interfaces.isEmpty {
            object["interfaces"] = .array(interfaces.map { iface in
                var o: [String: JSONValue] = ["name": .string(iface.name)]
                o["mac"] = nonEmpty(iface.mac)
                o["sandbox"] = nonEmpty(iface.sandbox)
                if !legacy {
                    o["mtu"] = iface.mtu.map { .integer(Int64($0)) }
                    o["socketPath"] = nonEmpty(iface.socketPath)
                    o["pciID"] = nonEmpty(iface.pciID)
                }
                return .object(o)
            })
        }
        if !ips.isEmpty {
            object["ips"] = .array(ips.map { ip in
                var o: [String: JSONValue] = ["address": .string(ip.address)]
                o["gateway"] = nonEmpty(ip.gateway)
                o["interface"] = ip.interface.map { .integer(Int64($0)) }
                if legacy { o["version"] = .string(ip.isIPv6 ? "6" : "4") }
                return .object(o)
            })
        }
        if !routes.isEmpty {
            object["routes"] = .array(routes.map { encodeRoute($0, legacy: legacy) })
        }
        if !dns.isEmpty { object["dns"] = encodeDNS() }
        return .object(object)
    }

    private func encodeV02(version: String) -> JSONValue {
        var object: [String: JSONValue] = ["cniVersion": .string(version)]
        for (key, wantV6) in [("ip4", false), ("ip6", true)] {
            guard let ip = ips.first(where: { $0.isIPv6 == wantV6 }) else { continue }
            var o: [String: JSONValue] = ["ip": .string(ip.address)]
            o["gateway"] = nonEmpty(ip.gateway)
            let familyRoutes = routes.filter { $0.isIPv6 == wantV6 }
            if !familyRoutes.isEmpty { o["routes"] = .array(familyRoutes.map { encodeRoute($0, legacy: true) }) }
            object[key] = .object(o)
        }
        if !dns.isEmpty { object["dns"] = encodeDNS() }
        return .object(object)
    }

    private func encodeRoute(_ route: Route, legacy: Bool) -> JSONValue {
        var o: [String: JSONValue] = ["dst": .string(route.dst)]
        o["gw"] = nonEmpty(route.gw)
        if !legacy {
            o["mtu"] = route.mtu.map { .integer(Int64($0)) }
            o["advmss"] = route.advmss.map { .integer(Int64($0)) }
            o["priority"] = route.priority.map { .integer(Int64($0)) }
            o["table"] = route.table.map { .integer(Int64($0)) }
            o["scope"] = route.scope.map { .integer(Int64($0)) }
        }
        return .object(o)
    }

    private func encodeDNS() -> JSONValue {
        var o: [String: JSONValue] = [:]
        if !dns.nameservers.isEmpty { o["nameservers"] = .array(dns.nameservers.map { .string($0) }) }
        o["domain"] = nonEmpty(dns.domain)
        if !dns.search.isEmpty { o["search"] = .array(dns.search.map { .string($0) }) }
        if !dns.options.isEmpty { o["options"] = .array(dns.options.map { .string($0) }) }
        return .object(o)
    }

    /// Go's `omitempty` for strings: absent when nil or empty.
    private func nonEmpty(_ s: String?) -> JSONValue? {
        guard let s, !s.isEmpty else { return nil }
        return .string(s)
    }
}
