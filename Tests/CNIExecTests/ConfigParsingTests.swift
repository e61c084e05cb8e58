// Conflist/.conf parsing, validation messages, JSONValue determinism, CNIError wire object.

import CNIExec
import Testing

@Suite struct ConfigParsingTests {
    @Test func parsesConflist() throws {
        let text = """
            {"cniVersion":"1.0.0","name":"net1","disableCheck":"true","plugins":[
              {"type":"bridge","bridge":"cni0","ipam":{"type":"host-local","subnet":"10.1.0.0/16"}},
              {"type":"portmap","capabilities":{"portMappings":true,"ips":false}}]}
            """
        let list = try NetworkConfigList.parse(Array(text.utf8), source: "net1.conflist")
        #expect(list.name == "net1")
        #expect(list.cniVersion == "1.0.0")
        #expect(list.disableCheck)
        #expect(!list.disableGC)
        #expect(list.plugins.map(\.type) == ["bridge", "portmap"])
        #expect(list.plugins[1].enabledCapabilities == ["portMappings"])
        // Unknown keys are kept for the plugin.
        #expect(list.plugins[0].raw["ipam"]?["subnet"] == .string("10.1.0.0/16"))
        #expect(list.bytes == Array(text.utf8))
    }

    @Test func wrapsSingleConf() throws {
        let text = #"{"cniVersion":"0.4.0","name":"single","type":"bridge","isGateway":true}"#
        let list = try NetworkConfigList.parse(Array(text.utf8), source: "10-single.conf")
        #expect(list.name == "single")
        #expect(list.cniVersion == "0.4.0")
        #expect(list.plugins.count == 1)
        #expect(list.plugins[0].raw["isGateway"] == .bool(true))
        // The cached config is the wrapped list, as libcni ConfListFromConf builds it.
        let cached = try NetworkConfigList.parse(list.bytes)
        #expect(cached.plugins == list.plugins)
    }

    @Test func picksHighestKnownVersionFromCniVersions() throws {
        let list = try conflist(version: "0.4.0", extra: #","cniVersions":["1.0.0","1.1.0","2.0.0"]"#, plugins: [#"{"type":"x"}"#])
        #expect(list.cniVersion == "1.1.0")
    }

    @Test(arguments: [
        (#"{"cniVersion":"1.0.0","plugins":[{"type":"x"}]}"#, "f.conflist: name is missing"),
        (#"{"cniVersion":"1.0.0","name":"bad/name","plugins":[{"type":"x"}]}"#, "f.conflist: name \"bad/name\""),
        (#"{"name":"n","plugins":[{"type":"x"}]}"#, "f.conflist: cniVersion is missing"),
        (#"{"cniVersion":"one","name":"n","plugins":[{"type":"x"}]}"#, "is not a version"),
        (#"{"cniVersion":"2.0.0","name":"n","plugins":[{"type":"x"}]}"#, "is supported"),
        (#"{"cniVersion":"1.0.0","name":"n","plugins":[]}"#, "f.conflist: plugins must not be empty"),
        (#"{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"x"},{}]}"#, "f.conflist: plugins[1].type is missing"),
        (#"{"cniVersion":"1.0.0","name":"n","plugins":[{"type":""}]}"#, "plugins[0].type must not be empty"),
        (#"{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"../../bin/sh"}]}"#, "plugins[0].type \"../../bin/sh\" must not contain '/'"),
        (#"{"cniVersion":"1.0.0","name":"n","plugins":[{"type":".."}]}"#, "must not contain '..'"),
        (#"{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"x","capabilities":{"a":1}}]}"#, "plugins[0].capabilities.a must be a boolean"),
        (#"{"cniVersion":"1.0.0","name":"n","disableGC":3,"plugins":[{"type":"x"}]}"#, "disableGC must be a boolean"),
        (#"{"cniVersion":"1.0.0","name":"n"}"#, "plugins is missing"),
        (#"{"cniVersion":"1.0.0" "name"}"#, "f.conflist: not valid JSON"),
    ])
    func rejectsWithFileAndField(text: String, message: String) {
        #expect {
            _ = try NetworkConfigList.parse(Array(text.utf8), source: "f.conflist")
        } throws: { error in
            guard let error = error as? CNIExecError else { return false }
            return error.cniError.msg.contains(message) && (error.code == .invalidConfig || error.code == .unsupportedVersion)
        }
    }

    @Test func jsonValueSerializesSortedAndExactly() throws {
        let value = try JSONValue.parse(Array(#"{"b":[1,2.5,true,null],"a":"x/y\"\n","big":9007199254740993}"#.utf8))
        #expect(String(decoding: value.serialized(), as: UTF8.self)
            == #"{"a":"x/y\"\n","b":[1,2.5,true,null],"big":9007199254740993}"#)
    }

    @Test func cniErrorParsesWithoutVersionAndRejectsNonErrors() {
        let wire = CNIError.parse(Array(#"{"code":7,"msg":"bad","details":"more"}"#.utf8))
        #expect(wire == CNIError(code: 7, msg: "bad", details: "more"))
        #expect(CNIError.parse(Array(#"{"cniVersion":"1.0.0"}"#.utf8)) == nil)
        #expect(CNIError.parse(Array("oops".utf8)) == nil)
        let printed = String(decoding: CNIError(cniVersion: "1.1.0", code: 11, msg: "later").jsonValue.serialized(), as: UTF8.self)
        #expect(printed == #"{"cniVersion":"1.1.0","code":11,"msg":"later"}"#)
    }

    @Test func runtimeConfValidation() {
        #expect(throws: CNIExecError.self) { try RuntimeConf(containerID: "", netns: "/x").validate() }
        #expect(throws: CNIExecError.self) { try RuntimeConf(containerID: "../etc", netns: "/x").validate() }
        #expect(throws: CNIExecError.self) { try RuntimeConf(containerID: "c1", netns: "/x", ifName: "a-very-long-ifname").validate() }
        #expect(throws: CNIExecError.self) { try RuntimeConf(containerID: "c1", netns: "/x", ifName: "et h0").validate() }
        #expect(throws: Never.self) { try RuntimeConf(containerID: "c1", netns: "/x", ifName: "eth0").validate() }
        #expect(RuntimeConf(containerID: "c", netns: "", args: [("IP", "10.0.0.2")]).cniArgsString == "IgnoreUnknown=1;IP=10.0.0.2")
    }
}
