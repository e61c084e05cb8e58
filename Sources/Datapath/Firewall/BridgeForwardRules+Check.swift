// Verifying a bridge's accept rules with one iptables call (CHECK must report missing firewall state).

extension BridgeForwardRules {
    /// Whether `CNIA-FORWARD` holds an accept rule for traffic entering `bridge` and the FORWARD
    /// jump exists; one `-S` listing each instead of a `-C` per rule, to keep CHECK cheap.
    public func isInstalled(bridge: String) throws -> Bool {
        let listing = try iptables.run(["-t", "filter", "-S", Self.chain])
        guard listing.status == 0 else { return false }
        let lines = listing.stdout.split(separator: "\n")
        let accepts = lines.contains { $0.contains("-i \(bridge) ") && $0.hasSuffix("-j ACCEPT") }
        guard accepts else { return false }
        return try iptables.run(["-t", "filter", "-C", "FORWARD", "-j", Self.chain]).status == 0
    }
}

