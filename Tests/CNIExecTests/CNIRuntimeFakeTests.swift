// The runtime's orchestration rules with the recording fake: negotiation, CHECK, GC, STATUS.

import AdapterOS
import CNIExec
import Testing

@Suite struct CNIRuntimeFakeTests {
    let rt = RuntimeConf(containerID: "c1", netns: "/run/netns/x", ifName: "eth0")

    func runtime(_ fake: FakePluginExecutor, _ dir: TempDir, negotiate: Bool = false) -> CNIRuntime {
        CNIRuntime(executor: fake, pluginPaths: ["/fake"], cacheDir: dir.path, negotiateVersions: negotiate)
    }

    @Test func negotiationSendsAVersionThePluginSupports() throws {
        try withTempDir { dir in
            let fake = FakePluginExecutor { call in
                if call.command == "VERSION" {
                    let versions = call.plugin == "old" ? #"["0.3.1","0.4.0","1.0.0"]"# : #"["1.0.0","1.1.0"]"#
                    return Array(#"{"cniVersion":"1.0.0","supportedVersions":\#(versions)}"#.utf8)
                }
                return try FakePluginExecutor.standardAnswer(call)
            }
            let list = try conflist(version: "1.1.0", plugins: [#"{"type":"new"}"#, #"{"type":"old"}"#])
            let r = runtime(fake, dir, negotiate: true)
            let result = try r.addNetworkList(list, rt)
            #expect(result.cniVersion == "1.1.0")
            #expect(result.ips.map(\.address) == ["10.0.0.1/24", "10.0.0.2/24"])
            let adds = fake.calls.filter { $0.command == "ADD" }
            #expect(adds.map { $0.stdin["cniVersion"] } == [.string("1.1.0"), .string("1.0.0")])
            // prevResult is converted to the version the receiving plugin speaks.
            #expect(adds[1].stdin["prevResult"]?["cniVersion"] == .string("1.0.0"))
            // VERSION answers are cached: a second ADD asks nobody again.
            try r.addNetworkList(list, RuntimeConf(containerID: "c2", netns: "/x"))
            #expect(fake.calls.filter { $0.command == "VERSION" }.count <= 2)
            // STATUS and GC only go to plugins that speak 1.1.0.
            try r.statusNetworkList(list)
            #expect(fake.calls.filter { $0.command == "STATUS" }.map(\.plugin) == ["new"])
        }
    }

    @Test func failingVersionFallsBackToListVersionAndIsAskedOnce() throws {
        try withTempDir { dir in
            let fake = FakePluginExecutor { call in
                if call.command == "VERSION" { throw CNIExecError(.pluginFailed, "no version for you") }
                return try FakePluginExecutor.standardAnswer(call)
            }
            let r = runtime(fake, dir, negotiate: true)
            let list = try conflist(version: "1.1.0", plugins: [#"{"type":"a"}"#])
            try r.addNetworkList(list, RuntimeConf(containerID: "c1", netns: "/x"))
            try r.addNetworkList(list, RuntimeConf(containerID: "c2", netns: "/x"))
            #expect(fake.summary == ["a VERSION", "a ADD", "a ADD"])
            #expect(fake.calls.last?.stdin["cniVersion"] == .string("1.1.0"))
        }
    }

    @Test func versionQueryUsesDummyEnvironment() throws {
        try withTempDir { dir in
            let fake = FakePluginExecutor()
            let info = try runtime(fake, dir).version(plugin: "bridge")
            #expect(info.supportedVersions == ["0.3.1", "0.4.0", "1.0.0", "1.1.0"])
            let env = try #require(fake.calls.first?.environment)
            #expect(env["CNI_COMMAND"] == "VERSION")
            #expect(env["CNI_NETNS"] == "dummy")
            #expect(env["CNI_PATH"] == "dummy")
            #expect(fake.calls.first?.stdin == .object(["cniVersion": .string("1.1.0")]))
        }
    }

    @Test func pluginWithoutVersionCommandIsOnlyZeroOneZero() throws {
        try withTempDir { dir in
            let fake = FakePluginExecutor { _ in
                throw CNIExecError(.pluginFailed, "x", cniError: CNIError(code: 4, msg: "unknown CNI_COMMAND: VERSION"))
            }
            let info = try runtime(fake, dir).version(plugin: "ancient")
            #expect(info.supportedVersions == ["0.1.0"])
        }
    }

    @Test func checkIsSkippedBelow040AndWithDisableCheck() throws {
        try withTempDir { dir in
            let fake = FakePluginExecutor()
            let r = runtime(fake, dir)
            try r.checkNetworkList(try conflist(version: "0.3.1", plugins: [#"{"type":"a"}"#]), rt)
            try r.checkNetworkList(try conflist(version: "1.0.0", extra: #","disableCheck":true"#, plugins: [#"{"type":"a"}"#]), rt)
            #expect(fake.calls.isEmpty)
            try r.checkNetworkList(try conflist(version: "1.0.0", plugins: [#"{"type":"a"}"#]), rt)
            #expect(fake.summary == ["a CHECK"])
        }
    }

    @Test func delBelow040SendsNoPrevResult() throws {
        try withTempDir { dir in
            let fake = FakePluginExecutor()
            let r = runtime(fake, dir)
            let list = try conflist(version: "0.3.1", plugins: [#"{"type":"a"}"#])
            try r.addNetworkList(list, rt)
            try r.delNetworkList(list, rt)
            #expect(fake.calls.last?.stdin["prevResult"] == nil)
        }
    }

    @Test func gcDeletesStaleAttachmentsAndSendsValidList() throws {
        try withTempDir { dir in
            let fake = FakePluginExecutor()
            let r = runtime(fake, dir)
            let list = try conflist(version: "1.1.0", plugins: [#"{"type":"a"}"#, #"{"type":"b"}"#])
            let other = try conflist(name: "testnet-2", version: "1.1.0", plugins: [#"{"type":"a"}"#])
            try r.addNetworkList(list, RuntimeConf(containerID: "keep", netns: "/k", ifName: "eth0"))
            try r.addNetworkList(list, RuntimeConf(containerID: "stale", netns: "/s", ifName: "eth1", capabilityArgs: ["mac": .string("m")]))
            try r.addNetworkList(other, RuntimeConf(containerID: "stale", netns: "/s", ifName: "eth0"))
            let before = fake.calls.count

            try r.gcNetworkList(list, validAttachments: [GCAttachment(containerID: "keep", ifName: "eth0")])
            let calls = Array(fake.calls[before...])
            #expect(calls.map { "\($0.plugin) \($0.command)" } == ["b DEL", "a DEL", "a GC", "b GC"])
            // The stale attachment's DEL is replayed from its cache entry.
            #expect(calls[0].environment["CNI_CONTAINERID"] == "stale")
            #expect(calls[0].environment["CNI_IFNAME"] == "eth1")
            #expect(calls[0].environment["CNI_NETNS"] == "/s")
            let valid = JSONValue.array([.object(["containerID": .string("keep"), "ifname": .string("eth0")])])
            #expect(calls[2].stdin["cni.dev/valid-attachments"] == valid)
            #expect(calls[2].stdin["cni.dev/attachments"] == valid)
            #expect(calls[2].environment["CNI_CONTAINERID"] == "")
            // The other network's cache (same prefix) is untouched.
            #expect(try r.cachedAttachments(network: "testnet").map(\.containerID) == ["keep"])
            #expect(try r.cachedAttachments(network: "testnet-2").map(\.containerID) == ["stale"])
        }
    }

    @Test func gcContinuesOnErrorsAndReportsAll() throws {
        try withTempDir { dir in
            let fake = FakePluginExecutor { call in
                if call.command == "GC" { throw CNIExecError(.pluginFailed, "gc broke in \(call.plugin)") }
                return try FakePluginExecutor.standardAnswer(call)
            }
            let list = try conflist(version: "1.1.0", plugins: [#"{"type":"a"}"#, #"{"type":"b"}"#])
            #expect {
                try runtime(fake, dir).gcNetworkList(list, validAttachments: [])
            } throws: { error in
                let msg = (error as? CNIExecError)?.cniError.msg ?? ""
                return msg.contains("2 errors") && msg.contains("gc broke in a") && msg.contains("gc broke in b")
            }
            #expect(fake.summary == ["a GC", "b GC"])
        }
    }

    @Test func gcAndStatusHonourVersionAndDisableGC() throws {
        try withTempDir { dir in
            let fake = FakePluginExecutor()
            let r = runtime(fake, dir)
            try r.gcNetworkList(try conflist(version: "1.1.0", extra: #","disableGC":true"#, plugins: [#"{"type":"a"}"#]), validAttachments: [])
            try r.gcNetworkList(try conflist(version: "1.0.0", plugins: [#"{"type":"a"}"#]), validAttachments: [])
            try r.statusNetworkList(try conflist(version: "1.0.0", plugins: [#"{"type":"a"}"#]))
            #expect(fake.calls.isEmpty)
        }
    }

    @Test func statusReportsTheFirstUnavailablePlugin() throws {
        try withTempDir { dir in
            let fake = FakePluginExecutor { call in
                guard call.plugin == "b" else { return [] }
                throw CNIExecError(.pluginFailed, "down", cniError: CNIError(code: 50, msg: "plugin not available"))
            }
            let list = try conflist(version: "1.1.0", plugins: [#"{"type":"a"}"#, #"{"type":"b"}"#, #"{"type":"c"}"#])
            #expect {
                try runtime(fake, dir).statusNetworkList(list)
            } throws: { ($0 as? CNIExecError)?.cniError.code == 50 }
            #expect(fake.summary == ["a STATUS", "b STATUS"])
            #expect(fake.calls[0].stdin["prevResult"] == nil)
        }
    }

    @Test func missingPluginFailsAddAndStillRunsDel() throws {
        try withTempDir { dir in
            let fake = FakePluginExecutor(missing: ["b"])
            let list = try conflist(plugins: [#"{"type":"a"}"#, #"{"type":"b"}"#, #"{"type":"c"}"#])
            #expect { try runtime(fake, dir).addNetworkList(list, rt) } throws: { ($0 as? CNIExecError)?.code == .pluginNotFound }
            // b cannot be found for DEL either; DEL stops there (first error), which is logged.
            #expect(fake.summary == ["a ADD", "c DEL"])
        }
    }

    @Test func appendsPluginFragmentsFromTheNetworkSubdirectory() throws {
        try withTempDir { dir in
            try Files.makeDirectories(dir.path + "/frag")
            try dir.write("10-frag.conflist", #"{"cniVersion":"1.0.0","name":"frag","plugins":[{"type":"bridge"}]}"#)
            try dir.write("frag/20-portmap.conf", #"{"type":"portmap","capabilities":{"portMappings":true}}"#)
            try dir.write("frag/10-firewall.conf", #"{"type":"firewall"}"#)
            try dir.write("11-bare.conflist", #"{"cniVersion":"1.0.0","name":"bare"}"#)
            try Files.makeDirectories(dir.path + "/bare")
            try dir.write("bare/a.conf", #"{"type":"only"}"#)
            try dir.write("12-inl.conflist", #"{"cniVersion":"1.0.0","name":"inl","loadOnlyInlinedPlugins":true,"plugins":[{"type":"x"}]}"#)
            try Files.makeDirectories(dir.path + "/inl")
            try dir.write("inl/a.conf", #"{"type":"ignored"}"#)

            let frag = try NetworkConfigList.loadConfList(dir: dir.path, name: "frag")
            #expect(frag.plugins.map(\.type) == ["bridge", "firewall", "portmap"])
            #expect(try NetworkConfigList.parse(frag.bytes).plugins.count == 3)
            #expect(try NetworkConfigList.loadConfList(dir: dir.path, name: "bare").plugins.map(\.type) == ["only"])
            #expect(try NetworkConfigList.loadConfList(dir: dir.path, name: "inl").plugins.map(\.type) == ["x"])
        }
    }

    @Test func validateFindsPluginsAndVersions() throws {
        try withTempDir { dir in
            let fake = FakePluginExecutor(missing: ["gone"])
            let r = runtime(fake, dir)
            let ok = try conflist(version: "1.0.0", plugins: [#"{"type":"a","capabilities":{"portMappings":true,"mac":false}}"#, #"{"type":"b","capabilities":{"ips":true}}"#])
            #expect(try r.validateNetworkList(ok) == ["ips", "portMappings"])
            #expect { try r.validateNetworkList(try conflist(version: "0.3.0", plugins: [#"{"type":"a"}"#])) } throws: {
                ($0 as? CNIExecError)?.code == .unsupportedVersion
            }
            #expect { try r.validateNetworkList(try conflist(plugins: [#"{"type":"gone"}"#])) } throws: {
                ($0 as? CNIExecError)?.code == .pluginNotFound
            }
        }
    }

    @Test func cachedNetworkListIsWhatAddUsed() throws {
        try withTempDir { dir in
            let r = runtime(FakePluginExecutor(), dir)
            let list = try conflist(plugins: [#"{"type":"a","setting":1}"#])
            try r.addNetworkList(list, rt)
            #expect(try r.cachedNetworkList(network: "testnet", containerID: "c1", ifName: "eth0") == list)
            #expect(try r.cachedNetworkList(network: "testnet", containerID: "c2", ifName: "eth0") == nil)
        }
    }

    @Test func loadsNetworkFromConfDirInLibcniOrder() throws {
        try withTempDir { dir in
            try dir.write("10-a.conflist", #"{"cniVersion":"1.0.0","name":"net","plugins":[{"type":"from-a"}]}"#)
            try dir.write("05-broken.conflist", "{")
            try dir.write("20-b.conflist", #"{"cniVersion":"1.0.0","name":"net","plugins":[{"type":"from-b"}]}"#)
            try dir.write("00-single.conf", #"{"cniVersion":"0.4.0","name":"net","type":"from-conf"}"#)
            try dir.write("01-other.json", #"{"cniVersion":"0.4.0","name":"other","type":"from-json"}"#)
            try dir.write("ignored.txt", #"{"cniVersion":"0.4.0","name":"net","type":"nope"}"#)
            #expect(try NetworkConfigList.loadConfList(dir: dir.path, name: "net").plugins.map(\.type) == ["from-a"])
            #expect(try NetworkConfigList.loadConfList(dir: dir.path, name: "other").plugins.map(\.type) == ["from-json"])
            #expect { try NetworkConfigList.loadConfList(dir: dir.path, name: "none") } throws: { error in
                (error as? CNIExecError)?.cniError.msg.contains("05-broken.conflist") == true
            }
            #expect(try NetworkConfigList.loadAll(dir: dir.path).map(\.name) == ["net", "other", "net", "net"])
        }
    }
}
