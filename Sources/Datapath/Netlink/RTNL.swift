// rtnetlink numbers as typed Swift constants.
//
// The C headers import these with mixed types (Int, Int32, anonymous enums); one table of
// UInt16/UInt8/UInt32 values keeps the builders free of conversions. Values are the kernel ABI
// (include/uapi/linux/{netlink,rtnetlink,if_link,if_addr,veth}.h) and never change.

/// rtnetlink message types, flags, attribute types and field values used by the builders.
enum RTNL {
    // Message types (rtnetlink.h).
    static let newLink: UInt16 = 16
    static let delLink: UInt16 = 17
    static let getLink: UInt16 = 18
    static let setLink: UInt16 = 19
    static let newAddr: UInt16 = 20
    static let delAddr: UInt16 = 21
    static let getAddr: UInt16 = 22
    static let newRoute: UInt16 = 24
    static let delRoute: UInt16 = 25
    static let getRoute: UInt16 = 26

    // nlmsghdr flags (netlink.h).
    static let request: UInt16 = 0x1
    static let ack: UInt16 = 0x4
    static let dump: UInt16 = 0x300
    static let replace: UInt16 = 0x100
    static let excl: UInt16 = 0x200
    static let create: UInt16 = 0x400

    // Address families.
    static let unspec: UInt8 = 0
    static let inet: UInt8 = 2
    static let bridge: UInt8 = 7
    static let inet6: UInt8 = 10

    // Link attributes (if_link.h).
    static let iflaAddress: UInt16 = 1
    static let iflaIfname: UInt16 = 3
    static let iflaMTU: UInt16 = 4
    static let iflaMaster: UInt16 = 10
    static let iflaProtinfo: UInt16 = 12
    static let iflaIfalias: UInt16 = 20
    static let iflaLinkinfo: UInt16 = 18
    static let iflaNetNsFD: UInt16 = 28
    static let iflaInfoKind: UInt16 = 1
    static let iflaInfoData: UInt16 = 2
    static let vethInfoPeer: UInt16 = 1
    static let iflaBrportMode: UInt16 = 4
    /// NLA_F_NESTED: the bridge's AF_BRIDGE setlink requires it on IFLA_PROTINFO.
    static let nested: UInt16 = 0x8000

    // Link flags (if.h).
    static let iffUp: UInt32 = 0x1
    static let iffPromisc: UInt32 = 0x100

    // Address attributes and flags (if_addr.h).
    static let ifaAddress: UInt16 = 1
    static let ifaLocal: UInt16 = 2
    static let ifaBroadcast: UInt16 = 4
    static let ifaFlags: UInt16 = 8
    static let ifaFNoDAD: UInt32 = 0x02
    static let ifaFPermanent: UInt32 = 0x80

    // Route attributes and values (rtnetlink.h).
    static let rtaDst: UInt16 = 1
    static let rtaOif: UInt16 = 4
    static let rtaGateway: UInt16 = 5
    static let rtaPriority: UInt16 = 6
    static let rtaMetrics: UInt16 = 8
    static let rtaTable: UInt16 = 15
    static let rtaxMTU: UInt16 = 2
    static let rtaxAdvmss: UInt16 = 8
    static let protoBoot: UInt8 = 3
    static let unicast: UInt8 = 1
    static let tableMain: UInt32 = 254
    static let scopeUniverse: UInt8 = 0
    static let scopeLink: UInt8 = 253
    static let scopeHost: UInt8 = 254
}
