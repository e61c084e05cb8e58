// The compiled-in sequences are the JSON files derived from the traces, and stay in our range.

import AdapterOS
import Conformance
import Testing

@Suite("recorded sequences")
struct SequenceFixtureTests {
    static let sequencesDir: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/Sources/Conformance/Sequences"
    }()

    @Test("every JSON file parses to the compiled-in sequence of the same engine and name")
    func filesMatchFixtures() throws {
        for engine in RecordedSequence.engines {
            let files = try Files.list("\(Self.sequencesDir)/\(engine)").filter { $0.hasSuffix(".json") }.sorted()
            let compiled = RecordedSequence.recorded(engine: engine)
            #expect(files.count == compiled.count && files.count >= 9)
            for (file, sequence) in zip(files, compiled) {
                let bytes = try #require(try Files.read("\(Self.sequencesDir)/\(engine)/\(file)"))
                #expect(try RecordedSequence.parse(bytes) == sequence, "\(engine)/\(file) differs: rerun scripts/derive-conformance-sequences.py")
            }
        }
    }

    @Test("requests only name 10.231.40.0/22 or fd31:cafe:4028::/64, and every network made is deleted")
    func rangesAndCleanup() {
        for sequence in RecordedSequence.recorded() {
            for call in sequence.calls {
                for word in call.body.split(whereSeparator: { "\"{}[],:".contains($0) && $0 != ":" }) where word.hasPrefix("10.") {
                    #expect(word.hasPrefix("10.231.4"), "\(sequence.engine)/\(sequence.name) n=\(call.n): \(word)")
                }
            }
            let creates = sequence.calls.filter { $0.method == "NetworkDriver.CreateNetwork" }.count
            let deletes = sequence.calls.filter { $0.method == "NetworkDriver.DeleteNetwork" }.count
            #expect(creates == deletes, "\(sequence.engine)/\(sequence.name)")
            let pools = sequence.calls.filter { $0.method == "IpamDriver.RequestPool" && !$0.body.contains("{{pool") }.count
            let releases = sequence.calls.filter { $0.method == "IpamDriver.ReleasePool" }.count
            #expect(pools == releases, "\(sequence.engine)/\(sequence.name): \(pools) pools, \(releases) releases")
        }
    }

    @Test("the 28.5 recordings carry 28.5's Host header, 20.10's an empty one")
    func hosts() {
        #expect(RecordedSequence.recorded(engine: "20.10").allSatisfy { $0.host == "" })
        #expect(RecordedSequence.recorded(engine: "28.5").allSatisfy { $0.host == "plugin.moby.localhost" })
    }
}
