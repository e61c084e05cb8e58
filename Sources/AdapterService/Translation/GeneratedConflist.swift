// The conflist a cni-adapter network gets when the user names none: a bridge of our own with
// host-local IPAM fed Docker's address through the `ips` capability.

import FoundationEssentials

/// Inputs for a generated network conflist.
struct GeneratedNetworkConfig: Sendable {
    /// A subnet handed to host-local, with Docker's gateway for it.
    struct Range: Sendable {
        var subnet: String
        var gateway: String?
        var v6: Bool
    }

    var cniName: String
    var bridge: String
    /// One range set per address family (dual stack = two).
    var ranges: [Range]
    var isolated: Bool
    var mtu: Int?
    var masquerade: Bool
    var hairpin: Bool
    var ipamDataDir: String
    /// Our Swift bridge + IPAM (default), or Debian's reference bridge + host-local.
    var bundled = true

    /// The conflist JSON (sorted keys, so it is stable across runs and in golden tests).
    ///
    /// - `hairpinMode`: a container must reach its own published port via the gateway
    ///   (translation-findings §2.5).
    /// - `ips`/`mac` capabilities: Docker's IPAM chose the address; the MAC is derived from it
    ///   so a restarted container keeps it (translation-findings §2.2).
    /// - No default route on `--internal` networks.
    func json() throws -> String {
        let config = Conflist(
            cniVersion: "1.0.0", name: cniName,
            plugins: [
                .bridge(BridgePlugin(
                    type: bundled ? "cni-adapter-bridge" : "bridge", bridge: bridge, isGateway: true, ipMasq: masquerade, hairpinMode: hairpin, mtu: mtu,
                    capabilities: ["ips": true, "mac": true],
                    ipam: HostLocal(
                        type: bundled ? "cni-adapter-ipam" : "host-local", ranges: ranges.map { [RangeEntry(subnet: $0.subnet, gateway: $0.gateway)] },
                        routes: isolated ? nil : ranges.map { RouteEntry(dst: $0.v6 ? "::/0" : "0.0.0.0/0") },
                        dataDir: ipamDataDir))),
                // Runs at ProgramExternalConnectivity only; snat so that 127.0.0.1 publishing works.
                .portmap(PortmapPlugin()),
            ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(config), as: UTF8.self)
    }

    private struct Conflist: Encodable {
        var cniVersion: String
        var name: String
        var plugins: [Plugin]
    }

    private enum Plugin: Encodable {
        case bridge(BridgePlugin)
        case portmap(PortmapPlugin)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .bridge(let plugin): try plugin.encode(to: encoder)
            case .portmap(let plugin): try plugin.encode(to: encoder)
            }
        }
    }

    private struct PortmapPlugin: Encodable {
        var type = "portmap"
        var capabilities = ["portMappings": true]
        var snat = true
    }

    private struct BridgePlugin: Encodable {
        var type: String
        var bridge: String
        var isGateway: Bool
        var ipMasq: Bool
        var hairpinMode: Bool
        var mtu: Int?
        var capabilities: [String: Bool]
        var ipam: HostLocal
    }

    private struct HostLocal: Encodable {
        var type: String
        var ranges: [[RangeEntry]]
        var routes: [RouteEntry]?
        var dataDir: String
    }

    private struct RangeEntry: Encodable {
        var subnet: String
        var gateway: String?
    }

    private struct RouteEntry: Encodable {
        var dst: String
    }
}
