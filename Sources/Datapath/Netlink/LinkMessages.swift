// Pure builders for rtnetlink link messages. They take the sequence number as a parameter and
// return bytes, so golden-byte tests need no root and no socket (style-anchors §2.5).


/// Builds `RTM_*LINK` requests as raw bytes.
public enum LinkMessages {
    /// `RTM_GETLINK` for one link, looked up by name.
    public static func get(name: String, seq: UInt32) -> [UInt8] {
        build(type: RTNL.getLink, flags: RTNL.request, seq: seq, index: 0) { nlh in
            nlh.string(RTNL.iflaIfname, name)
        }
    }

    /// `RTM_NEWLINK` that moves link `index` into the namespace open at `netnsFD` and renames
    /// it to `newName` there, in one step (the kernel uses IFLA_IFNAME as the name in the
    /// target namespace), so the link never exists under a clashing name.
    public static func move(index: Int32, toNetnsFD netnsFD: Int32, newName: String, seq: UInt32) -> [UInt8] {
        build(type: RTNL.newLink, flags: RTNL.request | RTNL.ack, seq: seq, index: index) { nlh in
            nlh.u32(RTNL.iflaNetNsFD, UInt32(bitPattern: netnsFD))
            nlh.string(RTNL.iflaIfname, newName)
        }
    }

    /// `RTM_NEWLINK` that sets the MTU of link `index`.
    public static func setMTU(index: Int32, mtu: UInt32, seq: UInt32) -> [UInt8] {
        build(type: RTNL.newLink, flags: RTNL.request | RTNL.ack, seq: seq, index: index) { nlh in
            nlh.u32(RTNL.iflaMTU, mtu)
        }
    }

    /// `RTM_DELLINK` for link `index` (a veth takes its peer with it).
    public static func delete(index: Int32, seq: UInt32) -> [UInt8] {
        build(type: RTNL.delLink, flags: RTNL.request | RTNL.ack, seq: seq, index: index) { _ in }
    }

    /// `RTM_GETLINK` dump of every link in the namespace.
    public static func dump(seq: UInt32) -> [UInt8] {
        build(type: RTNL.getLink, flags: RTNL.request | RTNL.dump, seq: seq, index: 0) { _ in }
    }

    /// Lays out `nlmsghdr` + `ifinfomsg` + attributes.
    static func build(
        type: UInt16, flags: UInt16, seq: UInt32, index: Int32, family: UInt8 = RTNL.unspec,
        ifiFlags: UInt32 = 0, ifiChange: UInt32 = 0,
        attributes: (AttributeWriter) -> Void
    ) -> [UInt8] {
        NetlinkMessageBuilder.build(
            type: type, flags: flags, seq: seq,
            header: NetlinkMessageBuilder.ifinfomsg(family: family, index: index, flags: ifiFlags, change: ifiChange),
            attributes)
    }
}
