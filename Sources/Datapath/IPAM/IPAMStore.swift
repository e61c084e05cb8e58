// The IPAM store: what the allocator needs from disk, behind a protocol tests can fake.

/// An owner of addresses: one attachment.
public struct IPAMOwner: Hashable, Sendable {
    public var containerID: String
    public var ifname: String

    public init(containerID: String, ifname: String) {
        self.containerID = containerID
        self.ifname = ifname
    }
}

/// Per-network persistent allocation state. Callers hold `lock()` around every mutation.
public protocol IPAMStore {
    /// Blocks until this process holds the network's exclusive lock; released when the value dies.
    func lock() throws -> AnyObject
    /// The addresses recorded for `owner`, or nil when it has none.
    func addresses(of owner: IPAMOwner) throws -> [IPAddress]?
    /// Records `owner`'s addresses (before they are reserved: intent first, so DEL after a crash
    /// finds everything ADD may have taken).
    func record(_ owner: IPAMOwner, addresses: [IPAddress]) throws
    /// Forgets `owner`'s record.
    func forget(_ owner: IPAMOwner) throws
    /// Every owner with a record.
    func owners() throws -> [IPAMOwner]
    /// Whether `ip` is reserved by anyone.
    func isReserved(_ ip: IPAddress) throws -> Bool
    /// Reserves `ip` for `owner` atomically; false when someone already holds it.
    func reserve(_ ip: IPAddress, for owner: IPAMOwner) throws -> Bool
    /// Who holds `ip` (nil when free).
    func holder(of ip: IPAddress) throws -> IPAMOwner?
    /// Frees `ip` if `owner` holds it.
    func release(_ ip: IPAddress, from owner: IPAMOwner) throws
    /// Every reserved address (for GC of orphans; O(n), never on the ADD/DEL path).
    func reservations() throws -> [IPAddress]
    /// The last address handed out from range set `set` (the round-robin cursor).
    func cursor(_ set: Int) throws -> IPAddress?
    /// Moves the cursor of range set `set`.
    func setCursor(_ set: Int, _ ip: IPAddress) throws
}
