// What the CNI test needs from the host: namespaces, link lists and address lists.

import AdapterOS
import Datapath

/// Host state the spec checks compare before and after (a seam for tests).
public protocol CNITestHost: Sendable {
    /// Creates namespace `name`; returns its path.
    func createNamespace(_ name: String) throws -> String
    /// Removes namespace `name` (missing is fine).
    func removeNamespace(_ name: String) throws
    /// Links in the namespace at `netns` (nil: the host's): name → kind.
    func links(in netns: String?) throws -> [String: String]
    /// Addresses in the host namespace as `ifname address/len`.
    func hostAddresses() throws -> Set<String>
    /// Deletes host link `name` (only ones the test saw appear).
    func deleteHostLink(_ name: String) throws
}

/// The real host: NamespaceStore, netlink, `ip -o addr`.
public struct LinuxCNITestHost: CNITestHost {
    let store: NamespaceStore

    /// Namespaces live in `namespaceDir`.
    public init(namespaceDir: String) { store = NamespaceStore(directory: namespaceDir) }

    public func createNamespace(_ name: String) throws -> String { try store.ensure(name) }

    public func removeNamespace(_ name: String) throws { try store.remove(name) }

    public func links(in netns: String?) throws -> [String: String] {
        let socket = try netns.map { try NetlinkSocket.inNamespace($0) } ?? NetlinkSocket()
        var out: [String: String] = [:]
        for link in try Links(socket).all() { out[link.name] = link.kind }
        return out
    }

    public func hostAddresses() throws -> Set<String> {
        // Datapath has no address dump; `ip -o addr` is one line per address.
        let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { Files.exists($0) } ?? "/usr/sbin/ip"
        let result = try Subprocess.run(ip, arguments: ["-o", "addr", "show"], timeout: 10)
        var out: Set<String> = []
        for line in String(decoding: result.stdout, as: UTF8.self).split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 4 else { continue }
            out.insert("\(words[1]) \(words[3])")
        }
        return out
    }

    public func deleteHostLink(_ name: String) throws { try Links(NetlinkSocket()).delete(name) }
}
