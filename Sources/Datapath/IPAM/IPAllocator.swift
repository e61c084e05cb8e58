// Address allocation over an IPAMStore: requested addresses, round-robin, release, GC
// (host-local's algorithm, cni.md §9.2, with an index instead of a directory scan).

import CNIExec

/// Allocates and releases addresses of one network.
public struct IPAllocator {
    private let store: any IPAMStore

    public init(store: any IPAMStore) { self.store = store }

    /// One allocated address and the range it came from.
    public struct Allocation: Sendable, Equatable {
        public var address: IPAddress
        public var range: IPRange
    }

    /// Allocates one address per range set for `owner`.
    /// - Throws: `PluginFailure` when `owner` already has addresses, a requested address is
    ///   unavailable, or a range set is full. Nothing stays reserved after a failure.
    public func allocate(for owner: IPAMOwner, config: IPAMConfig) throws -> [Allocation] {
        let held = try store.lock()
        defer { withExtendedLifetime(held) {} }
        if try store.addresses(of: owner) != nil {
            throw PluginFailure(
                msg: "\(owner.containerID)/\(owner.ifname) has been allocated addresses, duplicate allocation is not allowed")
        }
        // 1. Choose: each requested address goes to the first set containing it; other sets
        //    take the next free address after their cursor.
        var requested = config.requested
        var chosen: [Allocation] = []
        for (index, set) in config.rangeSets.enumerated() {
            if let at = requested.firstIndex(where: { ip in set.contains { $0.contains(ip) } }) {
                let ip = requested.remove(at: at)
                guard let range = set.first(where: { $0.contains(ip) }), ip != range.gateway, try !store.isReserved(ip) else {
                    throw PluginFailure(
                        msg: "failed to allocate for range \(index): requested IP address \(ip) is not available in range set \(Self.describe(set))")
                }
                chosen.append(Allocation(address: ip, range: range))
            } else {
                guard let next = try nextFree(in: set, after: store.cursor(index), excluding: chosen.map(\.address)) else {
                    throw PluginFailure(
                        msg: "failed to allocate for range \(index): no IP addresses available in range set: \(Self.describe(set))")
                }
                chosen.append(next)
            }
        }
        if !requested.isEmpty {
            throw PluginFailure(msg: "failed to allocate all requested IPs: \(requested.map(\.description).joined(separator: ", "))")
        }
        // 2. Record intent, then reserve; undo everything on failure.
        try store.record(owner, addresses: chosen.map(\.address))
        var reserved: [IPAddress] = []
        var committed = false
        defer {
            if !committed {
                for ip in reserved { try? store.release(ip, from: owner) }
                try? store.forget(owner)
            }
        }
        for allocation in chosen {
            guard try store.reserve(allocation.address, for: owner) else {
                // Only a foreign writer (not holding our lock) can get here.
                throw PluginFailure(code: CNIError.tryAgainLater, msg: "address \(allocation.address) was taken concurrently")
            }
            reserved.append(allocation.address)
        }
        for (index, allocation) in chosen.enumerated() { try store.setCursor(index, allocation.address) }
        committed = true
        return chosen
    }

    /// Releases everything `owner` holds; an unknown owner is success (DEL is idempotent).
    public func release(_ owner: IPAMOwner) throws {
        let held = try store.lock()
        defer { withExtendedLifetime(held) {} }
        try releaseLocked(owner)
    }

    private func releaseLocked(_ owner: IPAMOwner) throws {
        guard let addresses = try store.addresses(of: owner) else { return }
        for ip in addresses { try store.release(ip, from: owner) }
        try store.forget(owner)
    }

    /// The addresses `owner` holds, verified against the reservations (CHECK).
    public func held(by owner: IPAMOwner) throws -> [IPAddress] {
        guard let addresses = try store.addresses(of: owner) else {
            throw PluginFailure(msg: "failed to find address for \(owner.containerID)/\(owner.ifname)")
        }
        for ip in addresses where try store.holder(of: ip) != owner {
            throw PluginFailure(msg: "address \(ip) of \(owner.containerID)/\(owner.ifname) is not reserved for it")
        }
        return addresses
    }

    /// Releases every attachment not in `valid`, and orphaned address files (a crash between
    /// reserve and record cannot leave one, but host-local-era files can exist).
    /// - Returns: the owners released.
    @discardableResult
    public func collect(keeping valid: Set<IPAMOwner>) throws -> [IPAMOwner] {
        let held = try store.lock()
        defer { withExtendedLifetime(held) {} }
        var released: [IPAMOwner] = []
        for owner in try store.owners() where !valid.contains(owner) {
            try releaseLocked(owner)
            released.append(owner)
        }
        let recorded = Set(try store.owners())
        for ip in try store.reservations() {
            guard let holder = try store.holder(of: ip), !valid.contains(holder), !recorded.contains(holder) else { continue }
            try store.release(ip, from: holder)
        }
        return released
    }

    /// The first free address after `cursor` (or from the start), round-robin across the set's
    /// ranges, skipping gateways. Cost: one existence check per occupied address passed over.
    private func nextFree(in set: [IPRange], after cursor: IPAddress?, excluding: [IPAddress]) throws -> Allocation? {
        var rangeIndex = 0
        var ip = set[0].start
        if let cursor, let i = set.firstIndex(where: { $0.contains(cursor) }) {
            rangeIndex = i
            ip = cursor
            (rangeIndex, ip) = Self.step(set, rangeIndex, ip)
        }
        let total = set.reduce(UInt128(0)) { $0 &+ ($1.end.numeric - $1.start.numeric + 1) }
        var tried: UInt128 = 0
        while tried < total {
            let range = set[rangeIndex]
            if ip != range.gateway, !excluding.contains(ip), try !store.isReserved(ip) {
                return Allocation(address: ip, range: range)
            }
            (rangeIndex, ip) = Self.step(set, rangeIndex, ip)
            tried += 1
        }
        return nil
    }

    private static func step(_ set: [IPRange], _ rangeIndex: Int, _ ip: IPAddress) -> (Int, IPAddress) {
        if ip < set[rangeIndex].end { return (rangeIndex, ip.advanced(by: 1)) }
        let next = (rangeIndex + 1) % set.count
        return (next, set[next].start)
    }

    static func describe(_ set: [IPRange]) -> String {
        set.map { "\($0.start)-\($0.end)" }.joined(separator: ",")
    }
}
