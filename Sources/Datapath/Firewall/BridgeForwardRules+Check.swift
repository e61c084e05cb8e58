// Verifying a bridge's accept rules with one iptables call (CHECK must report missing firewall state).

extension BridgeForwardRules {
    /// Whether `CNIA-FORWARD` holds an accept rule for traffic entering `bridge` and the FORWARD
    /// jump exists: one `-S` listing of the whole filter table (each iptables exec costs ~2.5 ms,
    /// the table's text far less), instead of a `-C` per rule.
    public func isInstalled(bridge: String) throws -> Bool {
        let listing = try iptables.run(["-t", "filter", "-S"])
        guard listing.status == 0 else { return false }
        var jump = false
        var accepts = false
        for line in listing.stdout.split(separator: "\n") {
            if line == "-A FORWARD -j \(Self.chain)" { jump = true }
            if line.hasPrefix("-A \(Self.chain) "), line.contains("-i \(bridge) "), line.hasSuffix("-j ACCEPT") { accepts = true }
        }
        return jump && accepts
    }
}
