// The runtime driving real processes: chained script plugins that record stdin and env.

import AdapterOS
import CNIExec
import Testing

@Suite struct CNIRuntimeChainTests {
    static let first = #"{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","mac":"02:00:00:00:00:01","sandbox":"/run/netns/t"}],"ips":[{"address":"10.9.0.2/24","gateway":"10.9.0.1","interface":0}]}"#
    static let second = #"{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","mac":"02:00:00:00:00:01","sandbox":"/run/netns/t"}],"ips":[{"address":"10.9.0.2/24","gateway":"10.9.0.1","interface":0}],"routes":[{"dst":"0.0.0.0/0"}]}"#

    struct Setup {
        let dir: TempDir
        let log: String
        let runtime: CNIRuntime
        let list: NetworkConfigList
        let rt = RuntimeConf(
            containerID: "ctr1", netns: "/run/netns/t", ifName: "eth0", args: [("K8S_POD", "p1")],
            capabilityArgs: ["portMappings": .array([.object(["hostPort": .integer(8080)])]), "mac": .string("02:00:00:00:00:01")])

        func stdin(_ plugin: String, _ command: String) throws -> JSONValue {
            let text = try #require(dir.read("log/\(plugin)-\(command).stdin"))
            return try JSONValue.parse(Array(text.utf8))
        }

        var calls: [String] {
            (dir.read("log/calls") ?? "").split(separator: "\n").map(String.init)
        }
    }

    func withChain(secondBody: String? = nil, _ body: (Setup) throws -> Void) throws {
        try withTempDir { dir in
            let log = dir.path + "/log"
            try Files.makeDirectories(log)
            try Files.makeDirectories(dir.path + "/bin")
            try ScriptPlugin.writeResultPlugin("first", in: dir, log: log, result: Self.first)
            if let secondBody {
                try ScriptPlugin.write("second", in: dir, log: log, body: secondBody)
            } else {
                try ScriptPlugin.writeResultPlugin("second", in: dir, log: log, result: Self.second)
            }
            let runtime = CNIRuntime(
                executor: ProcessPluginExecutor(), pluginPaths: [dir.path + "/bin"], cacheDir: dir.path + "/cache",
                timeout: 10, negotiateVersions: false, baseEnvironment: ["PATH=/usr/bin:/bin"])
            let list = try conflist(name: "chain", plugins: [
                #"{"type":"first","custom":{"keep":[1,2]},"capabilities":{"mac":true,"ips":true}}"#,
                #"{"type":"second","capabilities":{"portMappings":true}}"#,
            ])
            try body(Setup(dir: dir, log: log, runtime: runtime, list: list))
        }
    }

    @Test func addChainsPrevResultAndFiltersRuntimeConfig() throws {
        try withChain { s in
            let result = try s.runtime.addNetworkList(s.list, s.rt)
            #expect(result.routes.map(\.dst) == ["0.0.0.0/0"])
            #expect(s.calls == ["first ADD", "second ADD"])

            let first = try s.stdin("first", "ADD")
            #expect(first["name"] == .string("chain"))
            #expect(first["cniVersion"] == .string("1.0.0"))
            #expect(first["prevResult"] == nil)
            #expect(first["custom"] == .object(["keep": .array([.integer(1), .integer(2)])]))
            // Only capabilities the plugin declares true and the runtime supplied.
            #expect(first["runtimeConfig"] == .object(["mac": .string("02:00:00:00:00:01")]))

            let second = try s.stdin("second", "ADD")
            #expect(second["prevResult"] == (try JSONValue.parse(Array(Self.first.utf8))))
            #expect(second["runtimeConfig"] == .object(["portMappings": .array([.object(["hostPort": .integer(8080)])])]))

            let env = try #require(s.dir.read("log/first-ADD.env")).split(separator: "\n").map(String.init)
            #expect(env == [
                "CNI_ARGS=IgnoreUnknown=1;K8S_POD=p1", "CNI_COMMAND=ADD", "CNI_CONTAINERID=ctr1", "CNI_IFNAME=eth0",
                "CNI_NETNS=/run/netns/t", "CNI_PATH=\(s.dir.path)/bin", "PATH=/usr/bin:/bin",
            ])
        }
    }

    @Test func failedAddIsFollowedByDelOfTheWholeList() throws {
        try withChain(secondBody: #"[ "$CNI_COMMAND" = ADD ] && { echo '{"code":999,"msg":"no IP left"}'; exit 1; }; exit 0"#) { s in
            #expect {
                try s.runtime.addNetworkList(s.list, s.rt)
            } throws: { ($0 as? CNIExecError)?.cniError.msg == #"plugin type="second" failed (add): no IP left"# }
            #expect(s.calls == ["first ADD", "second ADD", "second DEL", "first DEL"])
            // DEL learns what the first plugin did.
            let delPrev = try s.stdin("first", "DEL")["prevResult"]
            let firstResult = try JSONValue.parse(Array(Self.first.utf8))
            #expect(delPrev == firstResult)
            #expect(s.dir.read("cache/chain-ctr1-eth0") == nil)
        }
    }

    @Test func cacheFileHasLibcniFieldsAndRoundTrips() throws {
        try withChain { s in
            let added = try s.runtime.addNetworkList(s.list, s.rt)
            let text = try #require(s.dir.read("cache/chain-ctr1-eth0"))
            let cache = try JSONValue.parse(Array(text.utf8))
            #expect(cache["kind"] == .string("cniCacheV1"))
            #expect(cache["containerId"] == .string("ctr1"))
            #expect(cache["ifName"] == .string("eth0"))
            #expect(cache["networkName"] == .string("chain"))
            #expect(cache["netns"] == .string("/run/netns/t"))
            #expect(cache["cniArgs"] == .array([.array([.string("K8S_POD"), .string("p1")])]))
            #expect(cache["capabilityArgs"]?["mac"] == .string("02:00:00:00:00:01"))
            #expect(cache["result"]?["cniVersion"] == .string("1.0.0"))
            // `config` is the base64 of the conflist bytes (Go's []byte encoding).
            let entry = try #require(try s.runtime.cachedAttachment(network: "chain", containerID: "ctr1", ifName: "eth0"))
            #expect(entry.config == s.list.bytes)
            #expect(entry.result == added)
            #expect(try s.runtime.getCachedResult(s.list, s.rt) == added)
        }
    }

    @Test func delUsesCacheInReverseThenRemovesIt() throws {
        try withChain { s in
            let added = try s.runtime.addNetworkList(s.list, s.rt)
            try s.runtime.checkNetworkList(s.list, s.rt)
            try s.runtime.delNetworkList(s.list, s.rt)
            #expect(s.calls == ["first ADD", "second ADD", "first CHECK", "second CHECK", "second DEL", "first DEL"])
            let expected = try JSONValue.parse(try added.encoded(version: "1.0.0"))
            #expect(try s.stdin("first", "CHECK")["prevResult"] == expected)
            #expect(try s.stdin("first", "DEL")["prevResult"] == expected)
            #expect(try s.stdin("second", "DEL")["runtimeConfig"]?["portMappings"] != nil)
            #expect(s.dir.read("cache/chain-ctr1-eth0") == nil)
        }
    }

    @Test func delWithoutCacheAndTwiceWorks() throws {
        try withChain { s in
            try s.runtime.delNetworkList(s.list, s.rt)
            #expect(try s.stdin("first", "DEL")["prevResult"] == nil)
            _ = try s.runtime.addNetworkList(s.list, s.rt)
            try s.runtime.delNetworkList(s.list, s.rt)
            try s.runtime.delNetworkList(s.list, s.rt)
            #expect(s.calls.filter { $0.hasSuffix("DEL") }.count == 6)
        }
    }

    @Test func delToleratesCorruptCache() throws {
        try withChain { s in
            try Files.makeDirectories(s.dir.path + "/cache")
            try s.dir.write("cache/chain-ctr1-eth0", "")
            try s.runtime.delNetworkList(s.list, s.rt)
            #expect(try s.stdin("first", "DEL")["prevResult"] == nil)
            #expect(s.dir.read("cache/chain-ctr1-eth0") == nil)
        }
    }

    @Test(arguments: ["0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"])
    func addReturnsGoldenModelForEachResultVersion(version: String) throws {
        try withTempDir { dir in
            try dir.write("golden", "#!/bin/sh\ncat > /dev/null\n[ \"$CNI_COMMAND\" = ADD ] && cat '\(Fixtures.path("result-\(version).json"))'\nexit 0\n", mode: 0o755)
            let runtime = CNIRuntime(
                executor: ProcessPluginExecutor(), pluginPaths: [dir.path], cacheDir: dir.path + "/cache", negotiateVersions: false)
            let list = try conflist(version: version, plugins: [#"{"type":"golden"}"#])
            var expected = try #require(CNIResultTests.expected[version])
            expected.cniVersion = version
            #expect(try runtime.addNetworkList(list, RuntimeConf(containerID: "c1", netns: "/x")) == expected)
        }
    }
}
