// Pure builders for rtnetlink link messages. They take the sequence number as a parameter and
// return bytes, so golden-byte tests need no root and no socket (style-anchors §2.5).

import CMnl

/// Builds `RTM_*LINK` requests as raw bytes.
public enum LinkMessages {
    /// `RTM_GETLINK` for one link, looked up by name.
    public static func get(name: String, seq: UInt32) -> [UInt8] {
        build(type: UInt16(RTM_GETLINK), flags: UInt16(NLM_F_REQUEST), seq: seq, index: 0) { nlh in
            mnl_attr_put_strz(nlh, UInt16(IFLA_IFNAME), name)
        }
    }

    /// `RTM_NEWLINK` that moves link `index` into the namespace open at `netnsFD` and renames
    /// it to `newName` there, in one step (the kernel uses IFLA_IFNAME as the name in the
    /// target namespace), so the link never exists under a clashing name.
    public static func move(index: Int32, toNetnsFD netnsFD: Int32, newName: String, seq: UInt32) -> [UInt8] {
        build(type: UInt16(RTM_NEWLINK), flags: UInt16(NLM_F_REQUEST | NLM_F_ACK), seq: seq, index: index) { nlh in
            mnl_attr_put_u32(nlh, UInt16(IFLA_NET_NS_FD), UInt32(bitPattern: netnsFD))
            mnl_attr_put_strz(nlh, UInt16(IFLA_IFNAME), newName)
        }
    }

    /// `RTM_NEWLINK` that sets the MTU of link `index`.
    public static func setMTU(index: Int32, mtu: UInt32, seq: UInt32) -> [UInt8] {
        build(type: UInt16(RTM_NEWLINK), flags: UInt16(NLM_F_REQUEST | NLM_F_ACK), seq: seq, index: index) { nlh in
            mnl_attr_put_u32(nlh, UInt16(IFLA_MTU), mtu)
        }
    }

    /// `RTM_DELLINK` for link `index` (a veth takes its peer with it).
    public static func delete(index: Int32, seq: UInt32) -> [UInt8] {
        build(type: UInt16(RTM_DELLINK), flags: UInt16(NLM_F_REQUEST | NLM_F_ACK), seq: seq, index: index) { _ in }
    }

    /// `RTM_GETLINK` dump of every link in the namespace.
    public static func dump(seq: UInt32) -> [UInt8] {
        build(type: UInt16(RTM_GETLINK), flags: UInt16(NLM_F_REQUEST | NLM_F_DUMP), seq: seq, index: 0) { _ in }
    }

    /// Lays out `nlmsghdr` + `ifinfomsg` + attributes in a local buffer via libmnl.
    static func build(
        type: UInt16, flags: UInt16, seq: UInt32, index: Int32,
        attributes: (UnsafeMutablePointer<nlmsghdr>) -> Void
    ) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 1024)
        let length = buffer.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress, let nlh = mnl_nlmsg_put_header(base) else { return 0 }
            nlh.pointee.nlmsg_type = type
            nlh.pointee.nlmsg_flags = flags
            nlh.pointee.nlmsg_seq = seq
            // Port id 0: the kernel fills in the sender (style-anchors: no injected pid).
            nlh.pointee.nlmsg_pid = 0
            let info = mnl_nlmsg_put_extra_header(nlh, MemoryLayout<ifinfomsg>.size)
                .assumingMemoryBound(to: ifinfomsg.self)
            info.pointee.ifi_family = UInt8(AF_UNSPEC)
            info.pointee.ifi_index = index
            attributes(nlh)
            return Int(nlh.pointee.nlmsg_len)
        }
        return Array(buffer[0..<length])
    }
}
