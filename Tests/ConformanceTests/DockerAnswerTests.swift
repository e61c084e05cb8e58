// How an answer reads to Docker (cnm-protocol.md §2.1), without a plugin.

import Conformance
import Testing

@Suite("Docker's reading of answers")
struct DockerAnswerTests {
    func read(_ method: String, _ status: Int, _ body: String) -> DockerAnswer {
        DockerAnswer.interpret(method: method, PluginAnswer(status: status, body: Array(body.utf8)))
    }

    @Test func emptyBodyIsEOF() {
        guard case .broken(let m) = read("NetworkDriver.CreateNetwork", 200, "") else { Issue.record("not broken"); return }
        #expect(m.contains("EOF"))
    }

    @Test func errorFieldsPerInterface() {
        #expect(read("NetworkDriver.Join", 200, #"{"Err":"x"}"#) == .error("remote: x"))
        #expect(read("IpamDriver.RequestAddress", 200, #"{"Error":"x"}"#) == .error("remote: x"))
        if case .broken = read("NetworkDriver.Join", 200, #"{"Error":"x"}"#) {} else { Issue.record("Error on NetworkDriver not flagged") }
        if case .broken = read("IpamDriver.RequestAddress", 200, #"{"Err":"x"}"#) {} else { Issue.record("Err on IPAM not flagged") }
    }

    @Test func non200() {
        #expect(read("IpamDriver.RequestPool", 500, #"{"Err":"no"}"#) == .error("HTTP 500: no"))
        #expect(read("NetworkDriver.Join", 503, "plain") == .error("HTTP 503: plain"))
        #expect(read("NetworkDriver.ProgramExternalConnectivity", 404, "") == .success([:]))
    }
}
