// Parsing RTM_NEWLINK replies into values, in pure Swift over bytes.

import CMnl

/// What we need to know about one network interface.
public struct LinkInfo: Sendable, Equatable {
    /// Kernel interface index (unique per namespace).
    public var index: Int32
    /// Interface name.
    public var name: String
    /// MTU in bytes.
    public var mtu: UInt32
    /// Hardware address as `aa:bb:cc:dd:ee:ff`, empty when the link has none.
    public var mac: String
    /// Index of the master (bridge) device, 0 when none.
    public var master: Int32
    /// Link kind from IFLA_INFO_KIND (`bridge`, `veth`, …), empty when none.
    public var kind: String
    /// Whether IFF_UP is set.
    public var isUp: Bool
    /// Whether IFF_PROMISC is set.
    public var isPromisc: Bool = false
    /// IFLA_IFALIAS: free-form description (`ip link set … alias`); empty when unset.
    public var alias: String = ""
    /// IFLA_LINK: for a veth, the peer's index (in the peer's namespace); 0 when absent.
    public var peerIndex: Int32 = 0

    public init(index: Int32, name: String, mtu: UInt32 = 0, mac: String = "", master: Int32 = 0, kind: String = "", isUp: Bool = false) {
        self.index = index
        self.name = name
        self.mtu = mtu
        self.mac = mac
        self.master = master
        self.kind = kind
        self.isUp = isUp
    }

    /// Parses one `RTM_NEWLINK` message (header included); nil if it is not one.
    public static func parse(_ message: [UInt8]) -> LinkInfo? {
        let headerSize = 16
        let infoSize = MemoryLayout<ifinfomsg>.size
        guard message.count >= headerSize + infoSize,
            NetlinkBytes.u16(message, 4) == UInt16(RTM_NEWLINK)
        else { return nil }
        let flags = NetlinkBytes.u32(message, headerSize + 8)
        var link = LinkInfo(index: Int32(bitPattern: NetlinkBytes.u32(message, headerSize + 4)), name: "")
        link.isUp = flags & UInt32(IFF_UP) != 0
        link.isPromisc = flags & RTNL.iffPromisc != 0
        for (type, value) in NetlinkBytes.attributes(message, from: headerSize + infoSize) {
            switch Int(type) {
            case Int(IFLA_IFNAME): link.name = NetlinkBytes.string(value)
            case Int(RTNL.iflaIfalias): link.alias = NetlinkBytes.string(value)
            case Int(IFLA_MTU) where value.count >= 4: link.mtu = NetlinkBytes.u32(value, 0)
            case Int(IFLA_LINK) where value.count >= 4: link.peerIndex = Int32(bitPattern: NetlinkBytes.u32(value, 0))
            case Int(IFLA_MASTER) where value.count >= 4: link.master = Int32(bitPattern: NetlinkBytes.u32(value, 0))
            case Int(IFLA_ADDRESS):
                link.mac = value.map { byte in
                    let hex = String(byte, radix: 16)
                    return hex.count == 1 ? "0" + hex : hex
                }.joined(separator: ":")
            case Int(IFLA_LINKINFO):
                for (inner, innerValue) in NetlinkBytes.attributes(value, from: 0)
                where Int(inner) == Int(IFLA_INFO_KIND) {
                    link.kind = NetlinkBytes.string(innerValue)
                }
            default: break
            }
        }
        return link
    }
}

/// Little helpers to read netlink wire bytes (host byte order, 4-byte aligned attributes).
enum NetlinkBytes {
    static func u16(_ b: [UInt8], _ at: Int) -> UInt16 {
        UInt16(b[at]) | UInt16(b[at + 1]) << 8
    }

    static func u32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }

    /// A NUL-terminated string attribute.
    static func string(_ value: [UInt8]) -> String {
        String(decoding: value.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// Splits `rtattr`s starting at `offset`; stops at the first malformed one.
    static func attributes(_ b: [UInt8], from offset: Int) -> [(UInt16, [UInt8])] {
        var out: [(UInt16, [UInt8])] = []
        var at = offset
        while at + 4 <= b.count {
            let length = Int(u16(b, at))
            // NLA_TYPE_MASK strips the nested/byte-order flag bits.
            let type = u16(b, at + 2) & 0x3fff
            guard length >= 4, at + length <= b.count else { break }
            out.append((type, Array(b[(at + 4)..<(at + length)])))
            at += (length + 3) & ~3
        }
        return out
    }
}
