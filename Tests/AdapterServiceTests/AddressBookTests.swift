import Datapath
import Testing

@testable import AdapterService

@Suite struct AddressBookTests {
    private func noRandom() -> UInt64 { 0x12_3456_789a }

    @Test func explicitPoolGatewayAndAddresses() throws {
        var book = AddressBook()
        let pool = try book.requestPool(pool: "10.9.0.0/24", subPool: "", v6: false, hostRoutes: [], randomV6: noRandom)
        #expect(pool.pool == "10.9.0.0/24")
        #expect(try book.requestAddress(poolID: pool.id, address: "", gateway: true) == "10.9.0.1/24")
        #expect(try book.requestAddress(poolID: pool.id, address: "", gateway: false) == "10.9.0.2/24")
        #expect(try book.requestAddress(poolID: pool.id, address: "10.9.0.9", gateway: false) == "10.9.0.9/24")
        #expect(throws: AdapterError.self) { try book.requestAddress(poolID: pool.id, address: "10.9.0.9", gateway: false) }
        #expect(throws: AdapterError.self) { try book.requestAddress(poolID: pool.id, address: "10.8.0.9", gateway: false) }
        // Replayed gateway requests return the held address instead of failing.
        #expect(try book.requestAddress(poolID: pool.id, address: "10.9.0.1", gateway: true) == "10.9.0.1/24")
    }

    @Test func freedAddressIsNotReusedAtOnce() throws {
        var book = AddressBook()
        let pool = try book.requestPool(pool: "10.9.1.0/29", subPool: "", v6: false, hostRoutes: [], randomV6: noRandom)
        let a = try book.requestAddress(poolID: pool.id, address: "", gateway: false)
        book.releaseAddress(poolID: pool.id, address: String(a.split(separator: "/")[0]))
        let b = try book.requestAddress(poolID: pool.id, address: "", gateway: false)
        #expect(a == "10.9.1.1/29")
        #expect(b == "10.9.1.2/29")
    }

    @Test func exhaustsWithoutNetworkOrBroadcast() throws {
        var book = AddressBook()
        let pool = try book.requestPool(pool: "10.9.2.0/30", subPool: "", v6: false, hostRoutes: [], randomV6: noRandom)
        #expect(try book.requestAddress(poolID: pool.id, address: "", gateway: false) == "10.9.2.1/30")
        #expect(try book.requestAddress(poolID: pool.id, address: "", gateway: false) == "10.9.2.2/30")
        #expect(throws: AdapterError.self) { try book.requestAddress(poolID: pool.id, address: "", gateway: false) }
    }

    @Test func ipRangeLimitsContainerAddresses() throws {
        var book = AddressBook()
        let pool = try book.requestPool(
            pool: "10.9.3.0/24", subPool: "10.9.3.128/25", v6: false, hostRoutes: [], randomV6: noRandom)
        #expect(try book.requestAddress(poolID: pool.id, address: "", gateway: true) == "10.9.3.1/24")
        #expect(try book.requestAddress(poolID: pool.id, address: "", gateway: false) == "10.9.3.128/24")
    }

    @Test func automaticPoolsAvoidRoutesAndDiffer() throws {
        var book = AddressBook()
        let routes = [IPPrefix("10.200.0.0/23")!, IPPrefix("0.0.0.0/0")!]
        let first = try book.requestPool(pool: "", subPool: "", v6: false, hostRoutes: routes, randomV6: noRandom)
        let second = try book.requestPool(pool: "", subPool: "", v6: false, hostRoutes: routes, randomV6: noRandom)
        #expect(first.pool == "10.200.2.0/24")
        #expect(second.pool == "10.200.3.0/24")
        book.releasePool(first.id)
        // Docker's overlap probing asks again with the same request: it must get a new pool.
        let third = try book.requestPool(pool: "", subPool: "", v6: false, hostRoutes: routes, randomV6: noRandom)
        #expect(third.pool == "10.200.4.0/24")
    }

    @Test func automaticV6IsAUniqueLocalSlash64() throws {
        var book = AddressBook()
        let pool = try book.requestPool(pool: "", subPool: "", v6: true, hostRoutes: [], randomV6: noRandom)
        #expect(pool.pool == "fd12:3456:789a::/64")
        #expect(try book.requestAddress(poolID: pool.id, address: "", gateway: true) == "fd12:3456:789a::1/64")
    }

    @Test func overlappingExplicitPoolIsRefused() throws {
        var book = AddressBook()
        _ = try book.requestPool(pool: "10.9.0.0/16", subPool: "", v6: false, hostRoutes: [], randomV6: noRandom)
        #expect(throws: AdapterError.self) {
            try book.requestPool(pool: "10.9.4.0/24", subPool: "", v6: false, hostRoutes: [], randomV6: noRandom)
        }
        #expect(throws: AdapterError.self) {
            try book.requestPool(pool: "not-a-cidr", subPool: "", v6: false, hostRoutes: [], randomV6: noRandom)
        }
    }
}
