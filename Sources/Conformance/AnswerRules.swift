// What Docker requires of each successful answer, method by method (cnm-protocol.md §3, §4).

import Datapath

/// What the rules need to know besides the request and the answer.
struct RuleContext {
    /// Pools handed out so far, by PoolID (to check addresses fall inside).
    var pools: [String: IPPrefix] = [:]
    /// Looks up Join's SrcName in the host netns; nil skips that check.
    var links: (any HostLinkLookup)?
}

/// The problems Docker would have with a successful answer; empty when it is fine.
enum AnswerRules {
    static func problems(method: String, request: JSON?, answer: [String: JSON], context: RuleContext) -> [String] {
        let request = request ?? .object([:])
        switch method {
        case "Plugin.Activate": return activate(answer)
        case "NetworkDriver.GetCapabilities": return networkCapabilities(answer)
        case "IpamDriver.GetCapabilities": return ipamCapabilities(answer)
        case "IpamDriver.GetDefaultAddressSpaces": return addressSpaces(answer)
        case "IpamDriver.RequestPool": return requestPool(request, answer)
        case "IpamDriver.RequestAddress": return requestAddress(request, answer, context)
        case "NetworkDriver.CreateEndpoint": return createEndpoint(request, answer)
        case "NetworkDriver.Join": return join(answer, context)
        case "NetworkDriver.EndpointOperInfo":
            if let value = answer["Value"], value != .null, value.objectValue == nil {
                return ["Value is not an object: Docker cannot decode it"]
            }
            return []
        default: return []
        }
    }

    static func activate(_ a: [String: JSON]) -> [String] {
        guard let list = a["Implements"]?.arrayValue?.compactMap(\.stringValue) else {
            return ["no Implements list: Docker cannot tell what the plugin is"]
        }
        if !list.contains("NetworkDriver") && !list.contains("IpamDriver") {
            return ["Implements \(list) has neither NetworkDriver nor IpamDriver"]
        }
        return []
    }

    static func networkCapabilities(_ a: [String: JSON]) -> [String] {
        var out: [String] = []
        let scope = a["Scope"]?.stringValue ?? ""
        if scope != "local" && scope != "global" {
            out.append("Scope \"\(scope)\": Docker refuses to register the driver (`invalid capability: expecting 'local' or 'global'`)")
        }
        let connectivity = a["ConnectivityScope"]?.stringValue ?? ""
        if !["", "local", "global"].contains(connectivity) {
            out.append("ConnectivityScope \"\(connectivity)\": Docker refuses to register the driver")
        }
        return out
    }

    static func ipamCapabilities(_ a: [String: JSON]) -> [String] {
        ["RequiresMACAddress", "RequiresRequestReplay"].compactMap { key in
            guard let v = a[key], v != .null, v.boolValue == nil else { return nil }
            return "\(key) is not a boolean: Docker cannot decode it"
        }
    }

    static func addressSpaces(_ a: [String: JSON]) -> [String] {
        ["LocalDefaultAddressSpace", "GlobalDefaultAddressSpace"].compactMap { key in
            guard let v = a[key], v != .null, v.stringValue == nil else { return nil }
            return "\(key) is not a string: Docker cannot decode it (IPAM registration fails)"
        }
    }

    static func requestPool(_ request: JSON, _ a: [String: JSON]) -> [String] {
        var out: [String] = []
        if (a["PoolID"]?.stringValue ?? "").isEmpty { out.append("no PoolID") }
        let poolText = a["Pool"]?.stringValue ?? ""
        guard let pool = IPPrefix(poolText) else {
            return out + ["Pool \"\(poolText)\" is not CIDR: Docker fails the network create"]
        }
        let v6 = request["V6"]?.boolValue ?? false
        if pool.address.isV6 != v6 {
            out.append("asked for an IPv\(v6 ? 6 : 4) pool, got \(poolText)")
        }
        let asked = request.string("Pool")
        if !asked.isEmpty, let wanted = IPPrefix(asked), wanted.canonical != pool.canonical {
            out.append("asked for pool \(asked), got \(poolText)")
        }
        if let gateway = a["Data"]?["com.docker.network.gateway"]?.stringValue {
            if let g = IPPrefix(gateway) {
                if !pool.contains(g.address) { out.append("Data gateway \(gateway) is outside pool \(poolText)") }
            } else {
                out.append("Data gateway \"\(gateway)\" is not CIDR: Docker fails the network create")
            }
        }
        return out
    }

    static func requestAddress(_ request: JSON, _ a: [String: JSON], _ context: RuleContext) -> [String] {
        let text = a["Address"]?.stringValue ?? ""
        if text.isEmpty { return ["no Address: Docker fails with `No address returned`"] }
        guard let address = IPPrefix(text) else {
            return ["Address \"\(text)\" is not CIDR (address/length): Docker cannot parse it"]
        }
        var out: [String] = []
        let asked = request.string("Address")
        if !asked.isEmpty, let wanted = IPAddress(asked), wanted != address.address {
            out.append("asked for \(asked), got \(text)")
        }
        if let pool = context.pools[request.string("PoolID")], !pool.contains(address.address) {
            out.append("Address \(text) is outside its pool \(pool)")
        }
        return out
    }

    static func createEndpoint(_ request: JSON, _ a: [String: JSON]) -> [String] {
        guard let interface = a["Interface"], interface != .null else { return [] }
        guard interface.objectValue != nil else { return ["Interface is not an object: Docker cannot decode it"] }
        var out: [String] = []
        for key in ["Address", "AddressIPv6", "MacAddress"] {
            let returned = interface.string(key)
            guard !returned.isEmpty else { continue }
            let given = request["Interface"]?.string(key) ?? ""
            if !given.isEmpty {
                out.append("Interface.\(key) \(returned) returned although Docker already set it (\(given)): Docker refuses to overwrite, even with the same value, and rolls the endpoint back")
                continue
            }
            switch key {
            case "Address":
                if IPPrefix(returned).map({ !$0.address.isV6 }) != true { out.append("Interface.Address \"\(returned)\" is not an IPv4 CIDR") }
            case "AddressIPv6":
                if IPPrefix(returned).map({ $0.address.isV6 }) != true { out.append("Interface.AddressIPv6 \"\(returned)\" is not an IPv6 CIDR") }
            default:
                let octets = returned.split(separator: ":")
                if octets.count != 6 || !octets.allSatisfy({ $0.count == 2 && UInt8($0, radix: 16) != nil }) {
                    out.append("Interface.MacAddress \"\(returned)\" is not a MAC address")
                }
            }
        }
        return out
    }

    static func join(_ a: [String: JSON], _ context: RuleContext) -> [String] {
        var out: [String] = []
        let src = a["InterfaceName"]?.string("SrcName") ?? ""
        if src.isEmpty {
            out.append("no InterfaceName.SrcName: Docker silently adds no interface, the container gets only lo")
        } else if src.utf8.count > 15 {
            out.append("SrcName \"\(src)\" is longer than 15 characters, no such link can exist")
        } else if let links = context.links {
            do {
                if try !links.linkExists(src) {
                    out.append("SrcName \(src) does not exist in the host netns: Docker fails with `failed to get link by name \"\(src)\"`")
                }
            } catch {
                out.append("could not look SrcName \(src) up in the host netns: \(error)")
            }
        }
        for (key, v6) in [("Gateway", false), ("GatewayIPv6", true)] {
            let gw = a[key]?.stringValue ?? ""
            guard !gw.isEmpty else { continue }
            if gw.contains("/") {
                out.append("\(key) \"\(gw)\" has a mask: Docker parses it with net.ParseIP and gets nothing")
            } else if let ip = IPAddress(gw) {
                if ip.isV6 != v6 { out.append("\(key) \(gw) is of the wrong family") }
            } else {
                out.append("\(key) \"\(gw)\" is not an IP address")
            }
        }
        for route in a["StaticRoutes"]?.arrayValue ?? [] {
            let dst = route.string("Destination")
            if IPPrefix(dst) == nil { out.append("static route Destination \"\(dst)\" is not CIDR") }
            let hop = route.string("NextHop")
            switch route["RouteType"]?.intValue ?? -1 {
            case 0 where IPAddress(hop) == nil:
                out.append("static route to \(dst) has RouteType 0 (next hop) but NextHop \"\(hop)\" is not an IP")
            case 1 where !hop.isEmpty:
                out.append("static route to \(dst) has RouteType 1 (connected) but a NextHop")
            case 0, 1: break
            default: out.append("static route to \(dst) has a RouteType other than 0 or 1")
            }
        }
        return out
    }
}
