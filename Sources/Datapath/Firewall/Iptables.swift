// Runs iptables directly (argv, no shell) — the same binary, and so the same backend
// (nft or legacy), that Docker uses on this host.

import AdapterOS

/// Runs one iptables command; the seam tests fake.
public protocol IptablesRunner: Sendable {
    /// Runs `iptables ARGS` and returns its exit status and output.
    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String)
}

/// The real runner: `iptables -w` (wait for the xtables lock Docker also takes).
public struct SystemIptables: IptablesRunner {
    /// Path of the iptables binary.
    public let path: String

    /// Uses the first iptables found in the usual sbin directories.
    public init(path: String? = nil) {
        self.path = path ?? ["/usr/sbin/iptables", "/sbin/iptables", "/usr/bin/iptables"]
            .first { Files.exists($0) } ?? "/usr/sbin/iptables"
    }

    public func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try Subprocess.run(
            path, arguments: ["-w"] + arguments, environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], timeout: 30)
        return (result.status, String(decoding: result.stdout, as: UTF8.self), String(decoding: result.stderr, as: UTF8.self))
    }
}
