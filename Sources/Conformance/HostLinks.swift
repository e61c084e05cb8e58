// Whether a link exists in the host network namespace: Docker's first step after Join.

import Datapath

/// Looks links up in the namespace Docker would look in (the plugin's, which is the host's).
public protocol HostLinkLookup: Sendable {
    /// True when a link named `name` exists.
    /// - Throws: when the lookup itself fails (then the check is skipped, not failed).
    func linkExists(_ name: String) throws -> Bool
}

/// The real lookup over netlink in this process's namespace.
public struct NetlinkLinkLookup: HostLinkLookup {
    /// Creates the lookup.
    public init() {}

    public func linkExists(_ name: String) throws -> Bool {
        // A socket per lookup: NetlinkSocket is not shareable across threads.
        try Links(NetlinkSocket()).get(name) != nil
    }
}
