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

/// Marks firewall work done for one host network namespace, in /run (gone after a reboot, like
/// the rules), so ADD does not pay ~3 ms per iptables exec to re-verify rules every time.
/// CHECK verifies the rules themselves; the adapter's reconcile re-ensures them.
public struct FirewallStamps: Sendable {
    /// Root directory of the stamps.
    public let directory: String

    public init(directory: String = "/run/cni-adapter/firewall") { self.directory = directory }

    /// Whether `key` was marked in the current network namespace.
    public func isMarked(_ key: String) -> Bool { FilesBridge.exists(path(key)) }

    /// Marks `key` done in the current network namespace.
    public func mark(_ key: String) { FilesBridge.touch(path(key), directory: "\(directory)/\(FilesBridge.netnsID())") }

    /// Forgets `key` (after removing the rules).
    public func clear(_ key: String) { FilesBridge.remove(path(key)) }

    private func path(_ key: String) -> String { "\(directory)/\(FilesBridge.netnsID())/\(key)" }
}
