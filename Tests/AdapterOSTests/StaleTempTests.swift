// Temp files a killed writer left: recognised by name, removed only when their writer is gone.

import AdapterOS
import Testing

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

@Suite struct StaleTempTests {
    /// A PID that no process has: a child that already exited and was reaped.
    func deadPID() throws -> pid_t {
        let result = try Subprocess.run("/bin/sh", arguments: ["-c", "echo $$"])
        return pid_t(String(decoding: result.stdout.filter { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self)) ?? 999_999
    }

    @Test func namesOfAtomicTempsGiveTheirWriter() {
        #expect(Files.atomicTempWriter("ep.json.tmp.1234.99") == 1234)
        #expect(Files.atomicTempWriter("cnia-net-0123-eth0.tmp.11102.446737944") == 11102)
        #expect(Files.atomicTempWriter("ep.json") == nil)
        #expect(Files.atomicTempWriter("ep.tmp.json") == nil)
        #expect(Files.atomicTempWriter("ep.json.tmp.x.1") == nil)
        #expect(Files.atomicTempWriter("ep.json.tmp.12.") == nil)
    }

    @Test func onlyTempsWhoseWriterIsGoneAreStaleUnlessOwnAreAskedFor() throws {
        var template = Array("/tmp/cnia-stale.XXXXXX".utf8CString)
        let dir = try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) })
        defer { _ = try? Files.removeTree(dir) }
        try Files.makeDirectories(dir + "/results")
        let dead = try deadPID()
        let deadTemp = "\(dir)/results/net-c1-eth0.tmp.\(dead).42"
        let ownTemp = "\(dir)/ipam.json.tmp.\(getpid()).7"
        let liveTemp = "\(dir)/results/net-c2-eth0.tmp.1.8"  // PID 1 is always alive
        for path in [deadTemp, ownTemp, liveTemp, "\(dir)/results/net-c3-eth0"] { try Files.writeAtomically(path, [1]) }

        #expect(Files.staleAtomicTemps(in: dir, depth: 1) == [deadTemp])
        #expect(Files.staleAtomicTemps(in: dir, depth: 1, includeOwn: true) == [ownTemp, deadTemp].sorted())
        #expect(Files.staleAtomicTemps(in: dir, depth: 0) == [])
    }
}
