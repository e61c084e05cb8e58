// The conformance suite against fake plugins: passes the correct one, names each mistake.

import Conformance
import Testing

@Suite("conformance against fake plugins", .serialized)
struct FakePluginTests {
    func run(_ mistake: Mistake, engine: String = "20.10") throws -> ConformanceReport {
        try withFakePlugin(mistake) { socket, links in
            ConformanceSuite.run(ConformanceOptions(socket: socket, engines: [engine], links: links, timeout: 10))
        }
    }

    @Test("a correct plugin passes every check of both engines")
    func correctPluginPasses() throws {
        for engine in RecordedSequence.engines {
            let report = try run(.none, engine: engine)
            #expect(report.passed, "\(report.failures.map { "\($0.group) \($0.name): \($0.message)" })")
            #expect(report.count(.pass) > 50)
            // The fake declares RequiresRequestReplay, so the replay sequence ran.
            #expect(report.checks.contains { $0.group == "\(engine)/restart-replay" && $0.status == .pass })
        }
    }

    @Test(
        "each mistake fails with a message naming it",
        arguments: [
            (Mistake.emptyBodyOnCreateNetwork, "empty 200 body"),
            (.echoInterfaceOnCreateEndpoint, "Docker already set it"),
            (.ipamErrorInErrField, "error in field \"Err\""),
            (.networkErrorInErrorField, "error in field \"Error\""),
            (.addressWithoutMask, "is not CIDR"),
            (.joinWithoutSrcName, "no InterfaceName.SrcName"),
            (.joinWithMissingLink, "does not exist in the host netns"),
            (.gatewayWithMask, "has a mask"),
            (.bogusScope, "Docker refuses to register"),
            (.samePoolAgain, "asked again returned 10.231.40.0/24 again"),
            (.leakLinkOnDeleteEndpoint, "still in the host netns after DeleteEndpoint"),
        ])
    func mistakeIsReported(_ mistake: Mistake, _ message: String) throws {
        let report = try run(mistake)
        #expect(!report.passed)
        #expect(report.failures.contains { $0.message.contains(message) },
                "no failure mentions \"\(message)\": \(report.failures.map(\.message))")
    }

    @Test("networks are deleted even when a call in the middle fails")
    func teardownRunsAfterFailure() throws {
        let report = try run(.emptyBodyOnCreateNetwork)
        let deletes = report.checks.filter { $0.group == "20.10/container" && $0.name.hasSuffix("NetworkDriver.DeleteNetwork") }
        #expect(deletes.count == 1 && deletes[0].status == .pass)
        let skipped = report.checks.filter { $0.group == "20.10/container" && $0.status == .skip }
        #expect(skipped.contains { $0.name.hasSuffix("NetworkDriver.Join") })
    }

    @Test("nothing answers on the socket: every call fails with the connect error")
    func noPlugin() {
        let report = ConformanceSuite.run(ConformanceOptions(socket: "/tmp/cnia-conformance-no-such.sock", engines: ["28.5"], links: nil, timeout: 5))
        #expect(!report.passed)
        #expect(report.failures.first?.message.contains("connect") == true)
    }
}
