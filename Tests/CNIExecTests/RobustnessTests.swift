// Edge cases: JSON round trips of random values, big payloads through pipes, legacy caches.

import AdapterOS
import CNIExec
import Testing

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

@Suite struct RobustnessTests {
    /// A random JSON value of bounded depth, with awkward strings.
    static func randomValue(depth: Int, using rng: inout some RandomNumberGenerator) -> JSONValue {
        let strings = ["", "a/b", "quote\"", "back\\slash", "tab\t", "nl\n", "ctl\u{01}", "ünïcødé", "🙂"]
        switch Int.random(in: 0..<(depth > 0 ? 7 : 5), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .integer(Int64.random(in: Int64.min...Int64.max, using: &rng))
        case 3: return .double(Double(Int.random(in: -1000...1000, using: &rng)) + 0.25)
        case 4: return .string(strings.randomElement(using: &rng) ?? "")
        case 5: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(depth: depth - 1, using: &rng) })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                object[strings.randomElement(using: &rng) ?? "k"] = randomValue(depth: depth - 1, using: &rng)
            }
            return .object(object)
        }
    }

    @Test func serializedJSONParsesBackToTheSameValue() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let value = Self.randomValue(depth: 4, using: &rng)
            let compact = value.serialized()
            #expect(try JSONValue.parse(compact) == value)
            #expect(try JSONValue.parse(value.prettySerialized()) == value)
            // Deterministic: the same value always gives the same bytes.
            #expect(try JSONValue.parse(compact).serialized() == compact)
        }
    }

    @Test func megabyteStdinAndStdoutDoNotDeadlock() throws {
        try withTempDir { dir in
            try dir.write("echo", "#!/bin/sh\nexec cat\n", mode: 0o755)
            let big = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
            let out = try ProcessPluginExecutor().execute(pluginPath: dir.path + "/echo", stdin: big, environment: [], timeout: 20)
            #expect(out == big)
        }
    }

    @Test func pluginThatIgnoresStdinDoesNotKillTheRuntime() throws {
        try withTempDir { dir in
            try dir.write("quick", "#!/bin/sh\nexit 0\n", mode: 0o755)
            let big = [UInt8](repeating: 0x20, count: 1 << 20)
            let out = try ProcessPluginExecutor().execute(pluginPath: dir.path + "/quick", stdin: big, environment: [], timeout: 20)
            #expect(out.isEmpty)
        }
    }

    @Test func legacyCacheFileIsUnderstood() throws {
        try withTempDir { dir in
            let fake = FakePluginExecutor()
            let runtime = CNIRuntime(executor: fake, pluginPaths: ["/fake"], cacheDir: dir.path, negotiateVersions: false)
            let list = try conflist(version: "0.4.0", plugins: [#"{"type":"a"}"#])
            // Pre-cniCacheV1 libcni wrote only the result.
            try dir.write("testnet-c1-eth0", #"{"cniVersion":"0.4.0","ips":[{"version":"4","address":"10.1.1.2/24"}]}"#)
            let rt = RuntimeConf(containerID: "c1", netns: "/x")
            #expect(try runtime.getCachedResult(list, rt)?.ips.map(\.address) == ["10.1.1.2/24"])
            try runtime.delNetworkList(list, rt)
            #expect(fake.calls.first?.stdin["prevResult"]?["ips"]?.arrayValue?.count == 1)
            #expect(dir.read("testnet-c1-eth0") == nil)
        }
    }

    @Test func checkFailsOnCorruptCache() throws {
        try withTempDir { dir in
            let runtime = CNIRuntime(executor: FakePluginExecutor(), pluginPaths: ["/fake"], cacheDir: dir.path, negotiateVersions: false)
            try dir.write("testnet-c1-eth0", "{\"kind\":\"cniCacheV1\",\"result\":7}")
            #expect {
                try runtime.checkNetworkList(try conflist(plugins: [#"{"type":"a"}"#]), RuntimeConf(containerID: "c1", netns: "/x"))
            } throws: { ($0 as? CNIExecError)?.code == .cache }
        }
    }

    @Test func generatedListRoundTripsThroughItsBytes() throws {
        let plugin = try PluginConfig(raw: ["type": .string("bridge"), "bridge": .string("cnia0")])
        let list = try NetworkConfigList(name: "gen", cniVersion: "1.1.0", disableGC: true, plugins: [plugin])
        #expect(String(decoding: list.bytes, as: UTF8.self)
            == #"{"cniVersion":"1.1.0","disableGC":true,"name":"gen","plugins":[{"bridge":"cnia0","type":"bridge"}]}"#)
        #expect(try NetworkConfigList.parse(list.bytes) == list)
    }

    @Test func cacheFileIsPrivate() throws {
        try withTempDir { dir in
            let runtime = CNIRuntime(
                executor: FakePluginExecutor(), pluginPaths: ["/fake"], cacheDir: dir.path + "/results", negotiateVersions: false)
            try runtime.addNetworkList(try conflist(plugins: [#"{"type":"a"}"#]), RuntimeConf(containerID: "c1", netns: "/x"))
            var st = stat()
            #expect(stat(dir.path + "/results/testnet-c1-eth0", &st) == 0)
            #expect(st.st_mode & 0o777 == 0o600)
            #expect(stat(dir.path + "/results", &st) == 0)
            #expect(st.st_mode & 0o777 == 0o700)
        }
    }
}
