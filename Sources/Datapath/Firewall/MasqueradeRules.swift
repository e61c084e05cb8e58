// Source NAT for bridge subnets, in a nat-table chain of our own (CNIA-MASQ).
//
// Per subnet, not per container (the reference bridge makes a chain per container and leaks it
// when DEL comes without a netns, plugins#810): `-s SUBNET ! -d SUBNET -j MASQUERADE`. The chain
// and its POSTROUTING jump are created on demand and removed with the last subnet.

import AdapterOS

/// Masquerade rules in the `CNIA-MASQ` chain of the nat table.
public struct MasqueradeRules: Sendable {
    /// Our chain in the nat table.
    public static let chain = "CNIA-MASQ"
    private static let comment = ["-m", "comment", "--comment", "cni-adapter"]
    private let iptables: any IptablesRunner

    /// - Parameter iptables: `iptables` for IPv4 subnets, `ip6tables` for IPv6 ones.
    public init(iptables: any IptablesRunner) { self.iptables = iptables }

    static func rule(_ subnet: IPPrefix) -> [String] {
        let s = subnet.canonical.description
        return ["-s", s, "!", "-d", s, "-j", "MASQUERADE"] + comment
    }

    /// Creates the chain and jump if needed and adds the subnet's rule once.
    public func ensure(subnet: IPPrefix) throws {
        _ = try iptables.run(["-t", "nat", "-N", Self.chain])
        if try iptables.run(["-t", "nat", "-C", "POSTROUTING", "-j", Self.chain]).status != 0 {
            let added = try iptables.run(["-t", "nat", "-A", "POSTROUTING", "-j", Self.chain])
            if added.status != 0 { throw SystemError("iptables -t nat -A POSTROUTING -j \(Self.chain): \(added.stderr)", errno: 0) }
        }
        let rule = Self.rule(subnet)
        if try iptables.run(["-t", "nat", "-C", Self.chain] + rule).status != 0 {
            let added = try iptables.run(["-t", "nat", "-A", Self.chain] + rule)
            if added.status != 0 { throw SystemError("iptables -t nat -A \(Self.chain) \(rule.joined(separator: " ")): \(added.stderr)", errno: 0) }
        }
    }

    /// Removes the subnet's rule; the chain and jump go with the last one.
    public func remove(subnet: IPPrefix) throws {
        while try iptables.run(["-t", "nat", "-D", Self.chain] + Self.rule(subnet)).status == 0 {}
        let listing = try iptables.run(["-t", "nat", "-S", Self.chain])
        if listing.status != 0 || !listing.stdout.split(separator: "\n").contains(where: { $0.hasPrefix("-A ") }) {
            while try iptables.run(["-t", "nat", "-D", "POSTROUTING", "-j", Self.chain]).status == 0 {}
            _ = try iptables.run(["-t", "nat", "-X", Self.chain])
        }
    }
}
