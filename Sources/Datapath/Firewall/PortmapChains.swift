// The reference portmap plugin's shared chains, which it never removes.
//
// portmap 1.x keeps per-container chains CNI-DN-<hash> and shared ones CNI-HOSTPORT-DNAT,
// CNI-HOSTPORT-MASQ, CNI-HOSTPORT-SETMARK with jumps from PREROUTING, OUTPUT and POSTROUTING.
// After the last DEL the shared ones stay (translation-findings §2.6). They are shared with any
// other CNI user on the host, so they go only when no CNI-DN-* chain exists anywhere: then no
// portmap mapping is active, and portmap recreates them on its next ADD.

import AdapterOS

/// Removes portmap's shared chains when nothing uses them.
public struct PortmapChains: Sendable {
    private let iptables: any IptablesRunner
    static let shared = ["CNI-HOSTPORT-DNAT", "CNI-HOSTPORT-MASQ", "CNI-HOSTPORT-SETMARK"]

    public init(iptables: any IptablesRunner = SystemIptables()) { self.iptables = iptables }

    /// Deletes the shared chains and every rule jumping to them, unless a CNI-DN-* chain exists.
    public func removeIfUnused() throws {
        let listing = try iptables.run(["-t", "nat", "-S"])
        guard listing.status == 0 else { return }
        let lines = listing.stdout.split(separator: "\n").map(String.init)
        if lines.contains(where: { $0.hasPrefix("-N CNI-DN-") }) { return }
        // 1. Rules (in any chain) that jump to a shared chain: delete by their exact spec.
        for line in lines where line.hasPrefix("-A ") {
            guard Self.shared.contains(where: { line.hasSuffix("-j \($0)") || line.contains("-j \($0) ") }) else { continue }
            guard let spec = Self.split(String(line.dropFirst(3))) else { continue }
            _ = try iptables.run(["-t", "nat", "-D"] + spec)
        }
        // 2. The chains themselves: flush (only ours-by-contract rules live there) and delete.
        for chain in Self.shared where lines.contains("-N \(chain)") {
            _ = try iptables.run(["-t", "nat", "-F", chain])
            _ = try iptables.run(["-t", "nat", "-X", chain])
        }
    }

    /// Splits an `iptables -S` rule into arguments, honouring double quotes (comments).
    static func split(_ rule: String) -> [String]? {
        var out: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for ch in rule {
            if escaped {
                current.append(ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == "\"" {
                quoted.toggle()
            } else if ch == " " && !quoted {
                if !current.isEmpty { out.append(current) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        if quoted { return nil }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
