import AdapterOS
import CNIExec
import Testing

@testable import Datapath

/// The IPAM plugin and allocator on a temp data dir (no root).
@Suite struct IPAMTests {
    @Test func allocatesRoundRobinAndReleases() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let config = Plugin.ipamConfig(dataDir: tmp.path)
        let (rc1, r1) = Plugin.run("ipam", Plugin.env("ADD", id: "a"), config)
        let (rc2, r2) = Plugin.run("ipam", Plugin.env("ADD", id: "b"), config)
        #expect(rc1 == 0 && rc2 == 0)
        #expect(r1?.addresses == ["10.77.0.2/24"])
        #expect(r2?.addresses == ["10.77.0.3/24"])
        #expect(r1?["ips"]?.arrayValue?.first?["gateway"]?.stringValue == "10.77.0.1")
        // DEL twice is fine; the next ADD continues after the cursor (host-local's round robin).
        #expect(Plugin.run("ipam", Plugin.env("DEL", id: "a"), config).0 == 0)
        #expect(Plugin.run("ipam", Plugin.env("DEL", id: "a"), config).0 == 0)
        #expect(Plugin.run("ipam", Plugin.env("ADD", id: "c"), config).1?.addresses == ["10.77.0.4/24"])
        #expect(Plugin.run("ipam", Plugin.env("CHECK", id: "c"), config).0 == 0)
        #expect(Plugin.run("ipam", Plugin.env("CHECK", id: "a"), config).0 == 1)
    }

    @Test func duplicateAddIsAnError() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let config = Plugin.ipamConfig(dataDir: tmp.path)
        #expect(Plugin.run("ipam", Plugin.env("ADD"), config).0 == 0)
        let (rc, error) = Plugin.run("ipam", Plugin.env("ADD"), config)
        #expect(rc == 1)
        #expect(error?["msg"]?.stringValue?.contains("duplicate allocation") == true)
    }

    @Test func dualStackGivesOneAddressPerRangeSet() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let config = Plugin.ipamConfig(dataDir: tmp.path, ranges: [["10.77.0.0/24"], ["fd77::/64"]])
        #expect(Plugin.run("ipam", Plugin.env("ADD"), config).1?.addresses == ["10.77.0.2/24", "fd77::2/64"])
    }

    @Test func requestedAddressesFromCapabilityAndArgs() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let base = Plugin.ipamConfig(dataDir: tmp.path, ranges: [["10.77.0.0/24"], ["fd77::/64"]])
        let config = base.with("runtimeConfig", .object(["ips": .array([.string("fd77::99/64")])]))
        let (rc, result) = Plugin.run("ipam", Plugin.env("ADD", extra: ["CNI_ARGS": "IP=10.77.0.50"]), config)
        #expect(rc == 0)
        #expect(result?.addresses == ["10.77.0.50/24", "fd77::99/64"])
        // Taken → error naming the address; the gateway is never handed out.
        #expect(Plugin.run("ipam", Plugin.env("ADD", id: "x", extra: ["CNI_ARGS": "IP=10.77.0.50"]), base).0 == 1)
        #expect(Plugin.run("ipam", Plugin.env("ADD", id: "y", extra: ["CNI_ARGS": "IP=10.77.0.1"]), base).0 == 1)
        // Unknown CNI_ARGS keys fail unless IgnoreUnknown, like the reference plugins.
        #expect(Plugin.run("ipam", Plugin.env("ADD", id: "z", extra: ["CNI_ARGS": "FOO=1"]), base).0 == 1)
        #expect(Plugin.run("ipam", Plugin.env("ADD", id: "z", extra: ["CNI_ARGS": "IgnoreUnknown=1;FOO=1"]), base).0 == 0)
    }

    @Test func exhaustionAndRangeBounds() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        // A /30 has .1 (gateway) and .2; .3 is broadcast.
        let config = Plugin.ipamConfig(dataDir: tmp.path, ranges: [["10.77.1.0/30"]])
        #expect(Plugin.run("ipam", Plugin.env("ADD", id: "a"), config).1?.addresses == ["10.77.1.2/30"])
        let (rc, error) = Plugin.run("ipam", Plugin.env("ADD", id: "b"), config)
        #expect(rc == 1)
        #expect(error?["msg"]?.stringValue?.contains("no IP addresses available") == true)
        // A failed ADD leaves nothing behind.
        #expect(Plugin.run("ipam", Plugin.env("CHECK", id: "b"), config).0 == 1)
    }

    @Test func rejectsBadRanges() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        #expect(Plugin.run("ipam", Plugin.env("ADD"), Plugin.ipamConfig(dataDir: tmp.path, ranges: [["10.77.0.5/24"]])).0 == 1)
        #expect(Plugin.run("ipam", Plugin.env("ADD"), Plugin.ipamConfig(dataDir: tmp.path, ranges: [["10.77.0.0/31"]])).0 == 1)
        #expect(Plugin.run("ipam", Plugin.env("ADD"), Plugin.ipamConfig(dataDir: tmp.path, ranges: [["10.77.0.0/24"], ["10.77.0.0/25"]])).0 == 1)
    }

    @Test func gcReleasesAttachmentsNotInTheValidList() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let config = Plugin.ipamConfig(dataDir: tmp.path)
        for id in ["keep", "drop"] { #expect(Plugin.run("ipam", Plugin.env("ADD", id: id), config).0 == 0) }
        let gc = config.with(
            "cni.dev/valid-attachments", .array([.object(["containerID": .string("keep"), "ifname": .string("eth0")])]))
        #expect(Plugin.run("ipam", Plugin.env("GC"), gc).0 == 0)
        #expect(Plugin.run("ipam", Plugin.env("CHECK", id: "keep"), config).0 == 0)
        #expect(Plugin.run("ipam", Plugin.env("CHECK", id: "drop"), config).0 == 1)
        // The released address is free again (requested explicitly).
        #expect(Plugin.run("ipam", Plugin.env("ADD", id: "n", extra: ["CNI_ARGS": "IP=10.77.0.3"]), config).0 == 0)
    }

    @Test func allocationCostIsFlatInTheNumberOfAllocations() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let config = Plugin.ipamConfig(dataDir: tmp.path, ranges: [["10.80.0.0/16"]])
        func timeOne(_ id: String) -> Double {
            let t = monotonicSeconds()
            _ = Plugin.run("ipam", Plugin.env("ADD", id: id), config)
            _ = Plugin.run("ipam", Plugin.env("DEL", id: id), config)
            return monotonicSeconds() - t
        }
        let empty = (0..<20).map { timeOne("e\($0)") }.sorted()[10]
        for i in 0..<2000 { _ = Plugin.run("ipam", Plugin.env("ADD", id: "f\(i)"), config) }
        let full = (0..<20).map { timeOne("g\($0)") }.sorted()[10]
        // host-local grows ~4× from 0 to 1,000; allow noise but not linear growth.
        #expect(full < empty * 3 + 0.002, "median ADD+DEL \(empty * 1000) ms empty vs \(full * 1000) ms at 2,000")
    }
}
