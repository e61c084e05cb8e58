import Testing

@testable import Datapath

/// Golden bytes of the netlink requests we send: built without root and without a socket.
@Suite struct LinkMessageTests {
    @Test func getLinkByName() {
        let bytes = LinkMessages.get(name: "eth0", seq: 7)
        #expect(bytes == [
            // nlmsghdr: len 44, type RTM_GETLINK (18), flags NLM_F_REQUEST (1), seq 7, pid 0
            44, 0, 0, 0, 18, 0, 1, 0, 7, 0, 0, 0, 0, 0, 0, 0,
            // ifinfomsg: family AF_UNSPEC, pad, type 0, index 0, flags 0, change 0
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            // rtattr IFLA_IFNAME (3), len 9 = 4 + "eth0\0", padded to 12
            9, 0, 3, 0, 101, 116, 104, 48, 0, 0, 0, 0,
        ])
    }

    @Test func moveAndRenameInOneMessage() {
        let bytes = LinkMessages.move(index: 5, toNetnsFD: 9, newName: "cniaabc", seq: 1)
        // header: RTM_NEWLINK (16), flags REQUEST|ACK (5)
        #expect(Array(bytes[4..<8]) == [16, 0, 5, 0])
        // ifi_index = 5
        #expect(Array(bytes[20..<24]) == [5, 0, 0, 0])
        // IFLA_NET_NS_FD (28) = 9, then IFLA_IFNAME "cniaabc"
        #expect(Array(bytes[32..<40]) == [8, 0, 28, 0, 9, 0, 0, 0])
        #expect(Array(bytes[40..<44]) == [12, 0, 3, 0])
        #expect(String(decoding: bytes[44..<51], as: UTF8.self) == "cniaabc")
        #expect(bytes.count == 52)
    }

    @Test func parsesLinkReply() throws {
        // A synthetic RTM_NEWLINK reply: index 3, IFF_UP, name "br0", mtu 1400, kind "bridge".
        var msg: [UInt8] = [0, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
        msg += [0, 0, 1, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
        msg += [8, 0, 3, 0, 98, 114, 48, 0]  // IFLA_IFNAME "br0"
        msg += [8, 0, 4, 0, 0x78, 0x05, 0, 0]  // IFLA_MTU 1400
        msg += [10, 0, 1, 0, 2, 0x42, 10, 1, 2, 3, 0, 0]  // IFLA_ADDRESS
        msg += [16, 0, 18, 0, 11, 0, 1, 0, 98, 114, 105, 100, 103, 101, 0, 0]  // IFLA_LINKINFO{KIND "bridge"}
        msg[0] = UInt8(msg.count)
        let link = try #require(LinkInfo.parse(msg))
        #expect(link == LinkInfo(index: 3, name: "br0", mtu: 1400, mac: "02:42:0a:01:02:03", kind: "bridge", isUp: true))
    }
}
