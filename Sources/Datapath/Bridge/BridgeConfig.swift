// The bridge plugin's configuration: the reference bridge's keys with the same meaning (cni.md §8.1).

import CNIExec

/// Parsed bridge plugin configuration.
public struct BridgeConfig: Sendable {
    /// Bridge name (default `cni0`).
    public var bridge: String
    /// Put the gateway address(es) on the bridge and enable forwarding.
    public var isGateway: Bool
    /// Also add a default route via the gateway in the container (implies `isGateway`).
    public var isDefaultGateway: Bool
    /// Replace a different address already on the bridge instead of failing.
    public var forceAddress: Bool
    /// Masquerade traffic leaving the bridge subnet(s).
    public var ipMasq: Bool
    /// MTU of a newly created bridge and of both veth ends.
    public var mtu: UInt32?
    /// Hairpin mode on the host veth.
    public var hairpinMode: Bool
    /// Promiscuous mode on the bridge.
    public var promiscMode: Bool
    /// The IPAM plugin type (`""` = L2 only).
    public var ipamType: String
    /// `dns` override for the result (replaces IPAM's when any field is set).
    public var dns: CNIResult.DNS?
    /// Container MAC: `CNI_ARGS MAC` < `args.cni.mac` < `runtimeConfig.mac` (last wins, cni.md §4.4).
    public var mac: [UInt8]?
    /// The result of the previous plugin / ADD (CHECK, DEL).
    public var prevResult: CNIResult?

    /// Parses `request.config` (and `CNI_ARGS MAC=`).
    public init(_ request: PluginRequest) throws(PluginFailure) {
        let c = request.config
        func flag(_ key: String) -> Bool { c[key]?.boolValue ?? false }
        bridge = c["bridge"]?.stringValue ?? "cni0"
        guard PluginRequest.interfaceNameProblem(bridge) == nil, !bridge.isEmpty else {
            throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "invalid bridge name \"\(bridge)\"")
        }
        isDefaultGateway = flag("isDefaultGateway")
        isGateway = flag("isGateway") || isDefaultGateway
        forceAddress = flag("forceAddress")
        ipMasq = flag("ipMasq")
        hairpinMode = flag("hairpinMode")
        promiscMode = flag("promiscMode")
        if hairpinMode && promiscMode {
            throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "cannot set hairpin mode and promiscuous mode at the same time")
        }
        if let value = c["mtu"], let mtu = value.intValue, mtu > 0 {
            self.mtu = UInt32(mtu)
        } else if let value = c["mtu"], value != .null, value.intValue != 0 {
            throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "invalid mtu")
        }
        ipamType = c["ipam"]?["type"]?.stringValue ?? ""
        if let d = c["dns"]?.objectValue {
            let strings = { (key: String) in (d[key]?.arrayValue ?? []).compactMap(\.stringValue) }
            let dns = CNIResult.DNS(
                nameservers: strings("nameservers"), domain: d["domain"]?.stringValue, search: strings("search"),
                options: strings("options"))
            self.dns = dns.isEmpty ? nil : dns
        }
        var macText = request.arg("MAC")
        if let m = c["args"]?["cni"]?["mac"]?.stringValue { macText = m }
        if let m = request.runtimeConfig("mac")?.stringValue { macText = m }
        if let macText {
            guard let bytes = parseMAC(macText) else {
                throw PluginFailure(code: CNIError.invalidNetworkConfig, msg: "invalid MAC address \"\(macText)\"")
            }
            mac = bytes
        }
        if let prev = c["prevResult"], prev != .null {
            do {
                prevResult = try CNIResult.parse(prev, defaultVersion: request.cniVersion)
            } catch {
                throw PluginFailure(code: CNIError.decodingFailure, msg: "could not parse prevResult: \(error)")
            }
        }
    }
}
