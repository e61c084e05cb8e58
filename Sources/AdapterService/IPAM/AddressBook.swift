// The Docker-facing IPAM: pools and addresses, as pure state transitions over a Codable value.
// Persistence and host-route discovery are injected by the caller (IPAMService).

import Datapath

/// One address pool handed to Docker.
struct PoolRecord: Codable, Equatable, Sendable {
    /// Opaque to Docker; ours is `"cnia/<cidr>"` so logs and state files read well.
    var id: String
    /// The pool, canonical CIDR.
    var pool: String
    /// `--ip-range`: where container addresses come from (the gateway may lie outside).
    var subPool: String?
    var v6: Bool
    /// Allocated addresses (bare IPs), gateway and aux addresses included.
    var allocated: [String]
    /// The last address handed out, so a freed address is not reused at once (host-local's rule).
    var lastAllocated: String?
}

/// All pools; the whole IPAM state, persisted as one file.
struct AddressBook: Codable, Equatable, Sendable {
    var pools: [String: PoolRecord] = [:]
    /// Next candidate index for automatic IPv4 pools, so a repeated request gets a new pool.
    var nextAutoV4: Int = 0
}

extension AddressBook {
    /// Automatic IPv4 pools: 10.200.0.0/24 … 10.254.255.0/24, clear of Docker's 172.17/12
    /// and 192.168/16 defaults.
    static let autoV4Base: UInt32 = 10 << 24 | 200 << 16
    static let autoV4Count = 55 * 256

    /// Docker's `RequestPool`.
    /// - Parameters:
    ///   - pool: `--subnet` or empty (we choose).
    ///   - subPool: `--ip-range` or empty.
    ///   - hostRoutes: prefixes routed on the host; an automatic pool must avoid them.
    ///   - randomV6: 40 random bits for an automatic ULA /64 (RFC 4193 §3.2).
    mutating func requestPool(
        pool: String, subPool: String, v6: Bool, hostRoutes: [IPPrefix], randomV6: () -> UInt64
    ) throws -> PoolRecord {
        let chosen: IPPrefix
        if pool.isEmpty {
            chosen = try v6 ? autoV6(hostRoutes: hostRoutes, random: randomV6) : autoV4(hostRoutes: hostRoutes)
        } else {
            guard let prefix = IPPrefix(pool), prefix.address.isV6 == v6 else {
                throw AdapterError("invalid \(v6 ? "IPv6" : "IPv4") pool \"\(pool)\": expected a CIDR like \(v6 ? "fd00:1::/64" : "10.1.0.0/24")")
            }
            guard prefix.length <= prefix.address.bitWidth - 2 else {
                throw AdapterError("pool \(pool) is too small: it needs room for a gateway and an endpoint")
            }
            chosen = prefix.canonical
            if let clash = pools.values.first(where: { IPPrefix($0.pool)?.overlaps(chosen) == true }) {
                throw AdapterError("pool \(chosen) overlaps pool \(clash.pool) of another cni-adapter network")
            }
        }
        var sub: String?
        if !subPool.isEmpty {
            guard let range = IPPrefix(subPool), chosen.contains(range.network), chosen.contains(range.last),
                range.length >= chosen.length
            else { throw AdapterError("invalid --ip-range \"\(subPool)\": must be a CIDR inside \(chosen)") }
            sub = range.canonical.description
        }
        let record = PoolRecord(
            id: "cnia/\(chosen)\(sub.map { "/range=\($0)" } ?? "")", pool: chosen.description, subPool: sub, v6: v6,
            allocated: [], lastAllocated: nil)
        pools[record.id] = record
        return record
    }

    /// Docker's `ReleasePool`; an unknown pool is not an error (Docker ignores it anyway).
    mutating func releasePool(_ id: String) {
        pools[id] = nil
    }

    /// Docker's `RequestAddress`: honours `address` when given, else picks the next free one.
    /// - Parameter gateway: the request is for the network gateway (Docker replays these, so an
    ///   already-held gateway address is returned again rather than refused).
    /// - Returns: `ip/len` with the pool's prefix length.
    mutating func requestAddress(poolID: String, address: String, gateway: Bool) throws -> String {
        guard var record = pools[poolID], let prefix = IPPrefix(record.pool) else {
            throw AdapterError("unknown pool \(poolID)")
        }
        let ip: IPAddress
        if !address.isEmpty {
            guard let wanted = IPAddress(address.split(separator: "/").first ?? ""), prefix.contains(wanted) else {
                throw AdapterError("address \(address) is not in pool \(record.pool)")
            }
            if record.allocated.contains(wanted.description) && !gateway {
                throw AdapterError("address \(wanted) is already in use in pool \(record.pool)")
            }
            ip = wanted
        } else if gateway {
            // The gateway is the first host address of the pool, as with Docker's bridge.
            ip = prefix.network.advanced(by: 1)
            if record.allocated.contains(ip.description) {
                throw AdapterError("gateway address \(ip) of pool \(record.pool) is already in use")
            }
        } else {
            ip = try nextFree(record, prefix)
            record.lastAllocated = ip.description
        }
        if !record.allocated.contains(ip.description) {
            record.allocated.append(ip.description)
        }
        pools[poolID] = record
        return "\(ip)/\(prefix.length)"
    }

    /// Docker's `ReleaseAddress`; an address we do not hold is not an error.
    mutating func releaseAddress(poolID: String, address: String) {
        guard var record = pools[poolID] else { return }
        let bare = address.split(separator: "/").first.map(String.init) ?? address
        let canonical = IPAddress(bare)?.description ?? bare
        record.allocated.removeAll { $0 == canonical }
        pools[poolID] = record
    }

    /// The next free host address after the last one handed out, wrapping once.
    private func nextFree(_ record: PoolRecord, _ prefix: IPPrefix) throws -> IPAddress {
        let range = record.subPool.flatMap { IPPrefix($0) } ?? prefix
        let taken = Set(record.allocated)
        let first = range.network
        // Bounded scan: at most 65,536 probes, so a huge IPv6 pool cannot stall a call.
        let span = min(range.size, 65_536)
        var start: UInt128 = 0
        if let last = record.lastAllocated.flatMap({ IPAddress($0) }), range.contains(last) {
            start = (last.numeric - first.numeric + 1) % span
        }
        var offset: UInt128 = 0
        while offset < span {
            let candidate = first.advanced(by: (start + offset) % span)
            offset += 1
            // Never the network address, nor the IPv4 broadcast address.
            if candidate == prefix.network || (!prefix.address.isV6 && candidate == prefix.last) { continue }
            if !taken.contains(candidate.description) { return candidate }
        }
        throw AdapterError("no free address left in \(range)")
    }

    private mutating func autoV4(hostRoutes: [IPPrefix]) throws -> IPPrefix {
        for step in 0..<Self.autoV4Count {
            let index = (nextAutoV4 + step) % Self.autoV4Count
            let candidate = IPPrefix(address: .v4(Self.autoV4Base + UInt32(index) << 8), length: 24)
            if isFree(candidate, hostRoutes) {
                nextAutoV4 = index + 1
                return candidate
            }
        }
        throw AdapterError("no free IPv4 pool left in 10.200.0.0-10.254.255.0/24")
    }

    private func autoV6(hostRoutes: [IPPrefix], random: () -> UInt64) throws -> IPPrefix {
        for _ in 0..<16 {
            // fd + 40-bit global ID + 16-bit subnet ID = a ULA /64.
            let globalID = UInt128(random() & 0xff_ffff_ffff)
            let value = UInt128(0xfd) << 120 | globalID << 80
            let candidate = IPPrefix(address: .v6(value), length: 64)
            if isFree(candidate, hostRoutes) { return candidate }
        }
        throw AdapterError("could not find a free IPv6 ULA /64")
    }

    private func isFree(_ candidate: IPPrefix, _ hostRoutes: [IPPrefix]) -> Bool {
        // A default route overlaps everything; only specific routes count.
        !hostRoutes.contains { $0.length > 0 && $0.overlaps(candidate) }
            && !pools.values.contains { IPPrefix($0.pool)?.overlaps(candidate) == true }
    }
}
