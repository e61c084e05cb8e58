// The kernel side effects of the translation, behind one small protocol so the translation
// logic can be tested with a recording fake and run for real against netlink and iptables.

/// What the adapter does to the host's networking besides running CNI plugins.
public protocol HostNetworking: Sendable {
    /// Creates the staging namespace `name` if absent; returns its path (CNI_NETNS).
    func ensureNamespace(_ name: String) throws -> String
    /// The path namespace `name` has or would have.
    func namespacePath(_ name: String) -> String
    /// Whether namespace `name` exists.
    func namespaceExists(_ name: String) -> Bool
    /// Names of the namespaces in our namespace directory.
    func listNamespaces() -> [String]
    /// Removes namespace `name`; absent is fine.
    func removeNamespace(_ name: String) throws
    /// Moves `link` out of namespace `netns` into the host namespace, renamed `newName`.
    /// - Throws: when the link is not in the namespace.
    func moveLinkToHost(netns: String, link: String, as newName: String) throws
    /// Moves host link `link` into namespace `netns` as `newName`, with `addresses` (CIDRs) on
    /// it again: a move between namespaces drops a link's addresses, and a plugin's DEL may
    /// look for them (the reference bridge finds its ipMasq rules through them).
    /// - Returns: false when no such host link exists.
    func moveLinkToNamespace(_ link: String, netns: String, as newName: String, addresses: [String]) throws -> Bool
    /// Deletes host link `name`; absent is fine.
    func deleteLink(_ name: String) throws
    /// Whether host link `name` exists.
    func linkExists(_ name: String) throws -> Bool
    /// Ensures the FORWARD accept (or isolation) rules for `bridge`.
    func ensureForwardRules(bridge: String, isolated: Bool) throws
    /// Removes the bundled bridge's masquerade rule for `subnet` (CNIA-MASQ); absent is fine.
    func removeMasquerade(subnet: String) throws
    /// The bridges that have rules in our chain.
    func forwardRuleBridges() -> Set<String>
    /// Removes the rules for `bridge` (and our chain once empty).
    func removeForwardRules(bridge: String) throws
    /// Prefixes routed on the host, which automatic pools must avoid.
    func hostRoutes() -> [String]
    /// Whether something on the host holds `proto` port `port` on `hostIP` (empty: any).
    func isPortBusy(proto: String, hostIP: String, port: Int) -> Bool
    /// Removes portmap's shared top-level chains and jumps once no CNI port mapping is left on
    /// the host (portmap leaves them behind after its last DEL, translation-findings §2.6).
    func removeUnusedPortmapChains() throws
}
