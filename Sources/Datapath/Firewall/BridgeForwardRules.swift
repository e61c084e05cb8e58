// Accept rules that let containers on our bridges talk, in a chain of our own.
//
// Docker sets FORWARD policy DROP and loads br_netfilter, so even traffic between two ports
// of one bridge traverses FORWARD and is dropped unless something accepts it
// (engines.md "Host firewall facts"). Our rules live only in CNIA-FORWARD; FORWARD gets one
// jump to it. Docker re-inserts its own chains above the jump; that is harmless because
// Docker's chains only match Docker's bridges (translation-findings §2.7).

import AdapterOS

/// Per-bridge FORWARD accept (or isolation) rules in the `CNIA-FORWARD` chain.
public struct BridgeForwardRules: Sendable {
    /// Our chain in the filter table.
    public static let chain = "CNIA-FORWARD"
    private static let comment = ["-m", "comment", "--comment", "cni-adapter"]
    let iptables: any IptablesRunner

    public init(iptables: any IptablesRunner = SystemIptables()) { self.iptables = iptables }

    /// The rules for `bridge`: accept its traffic; `isolated` (`--internal`) bridges only talk among themselves.
    static func rules(bridge: String, isolated: Bool) -> [[String]] {
        if isolated {
            return [
                ["-i", bridge, "-o", bridge, "-j", "ACCEPT"],
                ["-i", bridge, "-j", "DROP"],
                ["-o", bridge, "-j", "DROP"],
            ]
        }
        return [
            ["-i", bridge, "-j", "ACCEPT"],
            // Replies and published ports (DNAT) coming in; nothing else unsolicited.
            ["-o", bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED,DNAT", "-j", "ACCEPT"],
        ]
    }

    /// Creates the chain and jump if needed and appends any missing rule for `bridge`.
    public func ensure(bridge: String, isolated: Bool = false) throws {
        // 1. The chain (exists → status 1, fine).
        _ = try iptables.run(["-t", "filter", "-N", Self.chain])
        // 2. The jump from FORWARD, at the top the first time.
        try ensureJump()
        // 3. The bridge's rules, each added only if absent, so repeated calls add nothing.
        for rule in Self.rules(bridge: bridge, isolated: isolated) {
            let spec = rule + Self.comment
            if try iptables.run(["-t", "filter", "-C", Self.chain] + spec).status != 0 {
                let added = try iptables.run(["-t", "filter", "-A", Self.chain] + spec)
                if added.status != 0 {
                    throw SystemError("iptables -A \(Self.chain) \(spec.joined(separator: " ")): \(added.stderr)", errno: 0)
                }
            }
        }
    }

    /// Re-adds the FORWARD jump if someone removed it (reconcile).
    public func ensureJump() throws {
        let jump = ["FORWARD", "-j", Self.chain]
        if try iptables.run(["-t", "filter", "-C"] + jump).status != 0 {
            let added = try iptables.run(["-t", "filter", "-I"] + jump)
            if added.status != 0 { throw SystemError("iptables -I FORWARD -j \(Self.chain): \(added.stderr)", errno: 0) }
        }
    }

    /// Deletes `bridge`'s rules (both kinds); removes the chain and jump once it is empty.
    public func remove(bridge: String) throws {
        for rule in Self.rules(bridge: bridge, isolated: false) + Self.rules(bridge: bridge, isolated: true) {
            // Delete every copy; -D fails once none is left.
            while try iptables.run(["-t", "filter", "-D", Self.chain] + rule + Self.comment).status == 0 {}
        }
        if try isEmpty() {
            while try iptables.run(["-t", "filter", "-D", "FORWARD", "-j", Self.chain]).status == 0 {}
            _ = try iptables.run(["-t", "filter", "-X", Self.chain])
        }
    }

    /// The bridges our chain has rules for.
    public func bridges() throws -> Set<String> {
        let listing = try iptables.run(["-t", "filter", "-S", Self.chain])
        guard listing.status == 0 else { return [] }
        var out: Set<String> = []
        for line in listing.stdout.split(separator: "\n") where line.hasPrefix("-A ") {
            let words = line.split(separator: " ")
            for (i, word) in words.enumerated() where (word == "-i" || word == "-o") && i + 1 < words.count {
                out.insert(String(words[i + 1]))
            }
        }
        return out
    }

    /// True when our chain holds no rule (or does not exist).
    private func isEmpty() throws -> Bool {
        let listing = try iptables.run(["-t", "filter", "-S", Self.chain])
        return listing.status != 0 || !listing.stdout.split(separator: "\n").contains { $0.hasPrefix("-A ") }
    }
}
