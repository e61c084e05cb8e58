import Testing

@testable import Datapath

/// Golden bytes of the address, route and link-change requests (no root, no socket).
@Suite struct NetlinkMessageTests {
    @Test func newBridgeWithMTU() {
        let bytes = LinkMessages.newBridge(name: "br0", mtu: 1400, seq: 2)
        #expect(bytes == [
            // nlmsghdr: len 64, RTM_NEWLINK (16), REQUEST|ACK|EXCL|CREATE (0x605), seq 2, pid 0
            64, 0, 0, 0, 16, 0, 5, 6, 2, 0, 0, 0, 0, 0, 0, 0,
            // ifinfomsg: AF_UNSPEC, index 0, flags 0, change 0
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            // IFLA_IFNAME "br0"
            8, 0, 3, 0, 98, 114, 48, 0,
            // IFLA_MTU 1400
            8, 0, 4, 0, 0x78, 0x05, 0, 0,
            // IFLA_LINKINFO|NLA_F_NESTED (libmnl sets the flag) { IFLA_INFO_KIND "bridge" }
            16, 0, 18, 0x80, 11, 0, 1, 0, 98, 114, 105, 100, 103, 101, 0, 0,
        ])
    }

    @Test func vethPeerCarriesItsOwnHeaderAndNamespace() {
        let bytes = LinkMessages.newVeth(name: "eth0", peerName: "veth1", peerNetnsFD: 7, mtu: nil, mac: nil, seq: 1)
        // Outer name, then LINKINFO at 44: KIND "veth", DATA { PEER { ifinfomsg, IFNAME, NET_NS_FD } }
        #expect(Array(bytes[32..<44]) == [9, 0, 3, 0, 101, 116, 104, 48, 0, 0, 0, 0])
        #expect(Array(bytes[44..<48]) == [60, 0, 18, 0x80])  // IFLA_LINKINFO (nested), len 60
        #expect(Array(bytes[48..<60]) == [9, 0, 1, 0, 118, 101, 116, 104, 0, 0, 0, 0])  // KIND "veth"
        #expect(Array(bytes[60..<64]) == [44, 0, 2, 0x80])  // IFLA_INFO_DATA
        #expect(Array(bytes[64..<68]) == [40, 0, 1, 0x80])  // VETH_INFO_PEER
        #expect(Array(bytes[68..<84]) == [UInt8](repeating: 0, count: 16))  // peer ifinfomsg
        #expect(Array(bytes[84..<96]) == [10, 0, 3, 0, 118, 101, 116, 104, 49, 0, 0, 0])  // "veth1"
        #expect(Array(bytes[96..<104]) == [8, 0, 28, 0, 7, 0, 0, 0])  // IFLA_NET_NS_FD 7
        #expect(bytes.count == 104)
    }

    @Test func setUpAndMaster() {
        let bytes = LinkMessages.set(index: 4, LinkChange(up: true, master: 3), seq: 9)
        #expect(Array(bytes[0..<8]) == [40, 0, 0, 0, 16, 0, 5, 0])
        // ifinfomsg: index 4, flags IFF_UP, change IFF_UP
        #expect(Array(bytes[16..<32]) == [0, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0])
        // IFLA_MASTER 3
        #expect(Array(bytes[32..<40]) == [8, 0, 10, 0, 3, 0, 0, 0])
    }

    @Test func hairpinIsBridgeFamilyProtinfo() {
        let bytes = LinkMessages.setHairpin(index: 6, on: true, seq: 1)
        #expect(bytes == [
            // len 44, RTM_SETLINK (19), REQUEST|ACK
            44, 0, 0, 0, 19, 0, 5, 0, 1, 0, 0, 0, 0, 0, 0, 0,
            // ifinfomsg: AF_BRIDGE (7), index 6
            7, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            // IFLA_PROTINFO|NLA_F_NESTED (0x800c) { IFLA_BRPORT_MODE (4) = 1 }
            12, 0, 12, 0x80, 5, 0, 4, 0, 1, 0, 0, 0,
        ])
    }

    @Test func addIPv4Address() throws {
        let bytes = AddressMessages.add(index: 2, try #require(IPPrefix("10.1.2.3/24")), seq: 5)
        #expect(bytes == [
            // len 56, RTM_NEWADDR (20), REQUEST|ACK|EXCL|CREATE
            56, 0, 0, 0, 20, 0, 5, 6, 5, 0, 0, 0, 0, 0, 0, 0,
            // ifaddrmsg: AF_INET, /24, IFA_F_PERMANENT, scope universe, index 2
            2, 24, 0x80, 0, 2, 0, 0, 0,
            // IFA_LOCAL, IFA_ADDRESS 10.1.2.3
            8, 0, 2, 0, 10, 1, 2, 3, 8, 0, 1, 0, 10, 1, 2, 3,
            // IFA_BROADCAST 10.1.2.255
            8, 0, 4, 0, 10, 1, 2, 255,
            // IFA_FLAGS PERMANENT
            8, 0, 8, 0, 0x80, 0, 0, 0,
        ])
    }

    @Test func addIPv6AddressSkipsDAD() throws {
        let bytes = AddressMessages.add(index: 2, try #require(IPPrefix("fd00::5/64")), seq: 1)
        // ifaddrmsg: AF_INET6, /64, NODAD|PERMANENT (0x82)
        #expect(Array(bytes[16..<20]) == [10, 64, 0x82, 0])
        // no broadcast: LOCAL (20) + ADDRESS (20) + FLAGS (8)
        #expect(bytes.count == 24 + 20 + 20 + 8)
        #expect(Array(bytes[(bytes.count - 8)...]) == [8, 0, 8, 0, 0x82, 0, 0, 0])
    }

    @Test func addDefaultRouteViaGateway() throws {
        let route = RouteSpec(
            destination: try #require(IPPrefix("0.0.0.0/0")), gateway: IPAddress("10.1.2.1"), outputIndex: 3)
        let bytes = RouteMessages.add(route, seq: 1)
        #expect(bytes == [
            // len 52, RTM_NEWROUTE (24), REQUEST|ACK|EXCL|CREATE
            52, 0, 0, 0, 24, 0, 5, 6, 1, 0, 0, 0, 0, 0, 0, 0,
            // rtmsg: AF_INET, dst /0, src 0, tos 0, table main, RTPROT_BOOT, scope universe, RTN_UNICAST, flags 0
            2, 0, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0,
            // no RTA_DST for /0; RTA_GATEWAY 10.1.2.1
            8, 0, 5, 0, 10, 1, 2, 1,
            // RTA_OIF 3
            8, 0, 4, 0, 3, 0, 0, 0,
            // RTA_TABLE 254
            8, 0, 15, 0, 254, 0, 0, 0,
        ])
    }

    @Test func routeRoundTripsThroughParser() throws {
        let route = RouteSpec(
            destination: try #require(IPPrefix("fd00:1::/64")), gateway: IPAddress("fd00::1"), outputIndex: 7,
            priority: 100, mtu: 1400)
        var reply = RouteMessages.add(route, seq: 1)
        reply[4] = 24  // RTM_NEWROUTE already; a reply has the same layout
        let parsed = try #require(RouteSpec.parse(reply))
        #expect(parsed == route)
    }

    @Test func addressRoundTripsThroughParser() throws {
        let prefix = try #require(IPPrefix("10.9.8.7/16"))
        let parsed = try #require(AddressInfo.parse(AddressMessages.add(index: 4, prefix, seq: 1)))
        #expect(parsed == AddressInfo(index: 4, prefix: prefix))
    }
}
