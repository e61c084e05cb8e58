// Pure builders for rtnetlink address messages (RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR).

/// Builds `RTM_*ADDR` requests as raw bytes.
public enum AddressMessages {
    /// `RTM_NEWADDR` adding `prefix` (address + prefix length) to link `index`.
    ///
    /// IPv6 addresses carry `IFA_F_NODAD`: a container address is unique by construction (IPAM),
    /// and DAD would keep it tentative (unusable) for about a second after ADD. IPv4 gets the
    /// broadcast address, as `ip addr add … brd +` and the reference plugins set it.
    /// - Parameter replace: `NLM_F_REPLACE` instead of `NLM_F_EXCL` (an "ensure").
    public static func add(index: Int32, _ prefix: IPPrefix, replace: Bool = false, seq: UInt32) -> [UInt8] {
        let isV6 = prefix.address.isV6
        let flags: UInt32 = isV6 ? RTNL.ifaFNoDAD | RTNL.ifaFPermanent : RTNL.ifaFPermanent
        return NetlinkMessageBuilder.build(
            type: RTNL.newAddr,
            flags: RTNL.request | RTNL.ack | RTNL.create | (replace ? RTNL.replace : RTNL.excl), seq: seq,
            header: NetlinkMessageBuilder.ifaddrmsg(
                family: isV6 ? RTNL.inet6 : RTNL.inet, prefixLength: UInt8(prefix.length),
                flags: UInt8(truncatingIfNeeded: flags), scope: RTNL.scopeUniverse, index: index)
        ) { a in
            a.bytes(RTNL.ifaLocal, prefix.address.bytes)
            a.bytes(RTNL.ifaAddress, prefix.address.bytes)
            if !isV6 && prefix.length < 31 { a.bytes(RTNL.ifaBroadcast, prefix.last.bytes) }
            a.u32(RTNL.ifaFlags, flags)
        }
    }

    /// `RTM_DELADDR` removing `prefix` from link `index`.
    public static func delete(index: Int32, _ prefix: IPPrefix, seq: UInt32) -> [UInt8] {
        let isV6 = prefix.address.isV6
        return NetlinkMessageBuilder.build(
            type: RTNL.delAddr, flags: RTNL.request | RTNL.ack, seq: seq,
            header: NetlinkMessageBuilder.ifaddrmsg(
                family: isV6 ? RTNL.inet6 : RTNL.inet, prefixLength: UInt8(prefix.length), flags: 0,
                scope: RTNL.scopeUniverse, index: index)
        ) { a in
            a.bytes(RTNL.ifaLocal, prefix.address.bytes)
            a.bytes(RTNL.ifaAddress, prefix.address.bytes)
        }
    }

    /// `RTM_GETADDR` dump of every address of both families in the namespace.
    public static func dump(seq: UInt32) -> [UInt8] {
        NetlinkMessageBuilder.build(
            type: RTNL.getAddr, flags: RTNL.request | RTNL.dump, seq: seq,
            header: NetlinkMessageBuilder.ifaddrmsg(family: RTNL.unspec, prefixLength: 0, flags: 0, scope: 0, index: 0))
    }
}

/// One address of one link, as the kernel reports it.
public struct AddressInfo: Sendable, Equatable {
    /// The link's index.
    public var index: Int32
    /// The address with its prefix length.
    public var prefix: IPPrefix
    /// RT_SCOPE_* (0 global, 253 link, 254 host).
    public var scope: UInt8

    public init(index: Int32, prefix: IPPrefix, scope: UInt8 = 0) {
        self.index = index
        self.prefix = prefix
        self.scope = scope
    }

    /// Parses one `RTM_NEWADDR` message (header included); nil if it is not one.
    public static func parse(_ message: [UInt8]) -> AddressInfo? {
        guard message.count >= 24, NetlinkBytes.u16(message, 4) == RTNL.newAddr else { return nil }
        let family = message[16]
        let length = Int(message[17])
        let scope = message[19]
        let index = Int32(bitPattern: NetlinkBytes.u32(message, 20))
        var local: [UInt8]?
        var address: [UInt8]?
        for (type, value) in NetlinkBytes.attributes(message, from: 24) {
            if type == RTNL.ifaLocal { local = value }
            if type == RTNL.ifaAddress { address = value }
        }
        // IFA_LOCAL is the interface's own address on point-to-point links; prefer it.
        guard let raw = local ?? address, let ip = IPAddress(bytes: raw, isV6: family == RTNL.inet6) else { return nil }
        return AddressInfo(index: index, prefix: IPPrefix(address: ip, length: length), scope: scope)
    }
}

extension IPAddress {
    /// An address from 4 (IPv4) or 16 (IPv6) network-order bytes; nil for other lengths.
    public init?(bytes: [UInt8], isV6: Bool) {
        if isV6 {
            guard bytes.count == 16 else { return nil }
            self = .v6(bytes.reduce(UInt128(0)) { $0 << 8 | UInt128($1) })
        } else {
            guard bytes.count == 4 else { return nil }
            self = .v4(bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
    }
}
