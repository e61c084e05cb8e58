// Pure builders for creating and changing links: bridge, veth pair, up/down, master, MAC,
// rename, promisc, hairpin.

/// Attribute changes applied to one link in one `RTM_NEWLINK` (fields left nil are untouched).
public struct LinkChange: Sendable, Equatable {
    /// Set (true) or clear (false) IFF_UP.
    public var up: Bool?
    /// Set or clear IFF_PROMISC.
    public var promisc: Bool?
    /// Enslave to the link with this index (0 releases it).
    public var master: Int32?
    /// New MTU.
    public var mtu: UInt32?
    /// New hardware address (6 bytes).
    public var mac: [UInt8]?
    /// New name.
    public var name: String?
    /// New alias (IFLA_IFALIAS, at most 128 bytes).
    public var alias: String?

    /// Creates a change; every field defaults to "leave as is".
    public init(
        up: Bool? = nil, promisc: Bool? = nil, master: Int32? = nil, mtu: UInt32? = nil, mac: [UInt8]? = nil,
        name: String? = nil, alias: String? = nil
    ) {
        self.alias = alias
        self.up = up
        self.promisc = promisc
        self.master = master
        self.mtu = mtu
        self.mac = mac
        self.name = name
    }
}

extension LinkMessages {
    /// `RTM_NEWLINK` creating a bridge (`ip link add NAME type bridge mtu MTU`).
    /// EXCL so that an existing link of the name is reported (`EEXIST`) and can be inspected.
    public static func newBridge(name: String, mtu: UInt32?, seq: UInt32) -> [UInt8] {
        build(type: RTNL.newLink, flags: RTNL.request | RTNL.ack | RTNL.create | RTNL.excl, seq: seq, index: 0) { a in
            a.string(RTNL.iflaIfname, name)
            if let mtu { a.u32(RTNL.iflaMTU, mtu) }
            a.nested(RTNL.iflaLinkinfo) { $0.string(RTNL.iflaInfoKind, "bridge") }
        }
    }

    /// `RTM_NEWLINK` creating a veth pair in the socket's namespace: `name` here and `peerName`
    /// placed directly in the namespace open at `peerNetnsFD`, so neither end ever exists under
    /// its final name in the wrong namespace.
    /// - Parameters:
    ///   - mac: hardware address of `name` (6 bytes); nil lets the kernel pick one.
    public static func newVeth(
        name: String, peerName: String, peerNetnsFD: Int32, mtu: UInt32?, mac: [UInt8]?, seq: UInt32
    ) -> [UInt8] {
        build(type: RTNL.newLink, flags: RTNL.request | RTNL.ack | RTNL.create | RTNL.excl, seq: seq, index: 0) { a in
            a.string(RTNL.iflaIfname, name)
            if let mtu { a.u32(RTNL.iflaMTU, mtu) }
            if let mac { a.bytes(RTNL.iflaAddress, mac) }
            a.nested(RTNL.iflaLinkinfo) { info in
                info.string(RTNL.iflaInfoKind, "veth")
                info.nested(RTNL.iflaInfoData) { data in
                    data.nested(RTNL.vethInfoPeer) { peer in
                        // The peer's attributes start with its own ifinfomsg.
                        peer.header(NetlinkMessageBuilder.ifinfomsg(index: 0))
                        peer.string(RTNL.iflaIfname, peerName)
                        peer.u32(RTNL.iflaNetNsFD, UInt32(bitPattern: peerNetnsFD))
                        if let mtu { peer.u32(RTNL.iflaMTU, mtu) }
                    }
                }
            }
        }
    }

    /// `RTM_NEWLINK` applying `change` to link `index`.
    public static func set(index: Int32, _ change: LinkChange, seq: UInt32) -> [UInt8] {
        var flags: UInt32 = 0
        var mask: UInt32 = 0
        if let up = change.up {
            mask |= RTNL.iffUp
            if up { flags |= RTNL.iffUp }
        }
        if let promisc = change.promisc {
            mask |= RTNL.iffPromisc
            if promisc { flags |= RTNL.iffPromisc }
        }
        return build(
            type: RTNL.newLink, flags: RTNL.request | RTNL.ack, seq: seq, index: index, ifiFlags: flags, ifiChange: mask
        ) { a in
            if let name = change.name { a.string(RTNL.iflaIfname, name) }
            if let mtu = change.mtu { a.u32(RTNL.iflaMTU, mtu) }
            if let mac = change.mac { a.bytes(RTNL.iflaAddress, mac) }
            if let alias = change.alias { a.string(RTNL.iflaIfalias, alias) }
            if let master = change.master { a.u32(RTNL.iflaMaster, UInt32(bitPattern: master)) }
        }
    }

    /// `RTM_SETLINK` (family AF_BRIDGE) turning hairpin mode on or off on bridge port `index`,
    /// what `ip link set dev PORT type bridge_slave hairpin on` sends.
    public static func setHairpin(index: Int32, on: Bool, seq: UInt32) -> [UInt8] {
        build(type: RTNL.setLink, flags: RTNL.request | RTNL.ack, seq: seq, index: index, family: RTNL.bridge) { a in
            a.nested(RTNL.iflaProtinfo | RTNL.nested) { $0.u8(RTNL.iflaBrportMode, on ? 1 : 0) }
        }
    }
}
