// CNI_ARGS has no escaping: RuntimeConf.validate refuses keys and values that would split it.

import Testing
@testable import CNIExec

@Suite struct CNIArgsInjectionTests {
    private func conf(_ args: [(String, String)]) -> RuntimeConf {
        RuntimeConf(containerID: "c0ffee", netns: "/run/netns/x", ifName: "eth0", args: args)
    }

    @Test func plainArgumentsPass() throws {
        try conf([("IP", "10.1.0.2"), ("K8S_POD_NAME", "web-1")]).validate()
        #expect(conf([("IP", "10.1.0.2")]).cniArgsString == "IgnoreUnknown=1;IP=10.1.0.2")
    }

    @Test(arguments: [("IP", "10.1.0.2;MAC=02:00:00:00:00:01"), ("IP", "a=b"), ("I;P", "1"), ("I=P", "1"), ("", "1"), ("IP", "1\u{0}")])
    func injectingArgumentsAreRefused(key: String, value: String) {
        #expect(throws: CNIExecError.self) { try conf([(key, value)]).validate() }
    }
}
