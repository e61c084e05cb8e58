import Testing

@testable import Datapath

@Suite struct IPAddressTests {
    @Test(arguments: [
        ("10.1.2.3", "10.1.2.3"), ("0.0.0.0", "0.0.0.0"), ("fd00::1", "fd00::1"),
        ("FD00:0:0:0:0:0:0:1", "fd00::1"), ("::", "::"), ("1:0:0:1:0:0:0:1", "1:0:0:1::1"),
        ("::ffff:10.0.0.1", "::ffff:a00:1"),
    ])
    func parsesAndFormats(input: String, expected: String) {
        #expect(IPAddress(input)?.description == expected)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.256", "01.2.3.4", "1::2::3", "12345::", "g::1", "1.2.3.4.5", ":::"])
    func rejectsGarbage(input: String) {
        #expect(IPAddress(input) == nil)
    }

    @Test func prefixMath() throws {
        let p = try #require(IPPrefix("10.1.2.77/24"))
        #expect(p.network.description == "10.1.2.0")
        #expect(p.last.description == "10.1.2.255")
        #expect(p.contains(try #require(IPAddress("10.1.2.1"))))
        #expect(!p.contains(try #require(IPAddress("10.1.3.1"))))
        #expect(p.overlaps(try #require(IPPrefix("10.0.0.0/8"))))
        #expect(!p.overlaps(try #require(IPPrefix("10.1.3.0/24"))))
        let v6 = try #require(IPPrefix("fd00:1::5/64"))
        #expect(v6.canonical.description == "fd00:1::/64")
        #expect(!v6.overlaps(p))
        #expect(IPPrefix("10.0.0.0/33") == nil)
    }
}
