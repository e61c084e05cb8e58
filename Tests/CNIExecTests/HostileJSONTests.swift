// Hostile JSON for the CNI readers: deep nesting is refused before decoding, and the fuzzer's
// saved inputs (Fuzz/Regressions/cni-json, Fuzz/Corpus/cni-json) replay without a trap.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

import AdapterOS
import Testing
@testable import CNIExec

/// The repository root, from this file's path (Tests/CNIExecTests/<file>).
private let repositoryRoot: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// Every file of a Fuzz/ subdirectory as (name, bytes), in name order.
private func fuzzInputs(_ directory: String) throws -> [(name: String, bytes: [UInt8])] {
    let path = repositoryRoot + "/Fuzz/" + directory
    return try Files.list(path).compactMap { name in try Files.read(path + "/" + name).map { (name, $0) } }
}

/// `depth` nested arrays inside an otherwise valid 1.0.0 result.
private func nestedResult(depth: Int) -> [UInt8] {
    Array(("{\"cniVersion\":\"1.0.0\",\"x\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}").utf8)
}

@Suite("Hostile CNI JSON")
struct HostileJSONTests {
    @Test("nesting up to the limit parses; one more is refused")
    func nestingLimit() throws {
        // The result object itself is one level.
        #expect(try JSONValue.parse(nestedResult(depth: JSONNesting.maxDepth - 1)).objectValue != nil)
        #expect(throws: (any Error).self) { try JSONValue.parse(nestedResult(depth: JSONNesting.maxDepth)) }
        #expect(!JSONNesting.exceeds(1, in: Array(#"{"a":"[[{{\"]]"}"#.utf8)))
    }

    /// Before the check, a result nesting 400 levels overflowed a 512 KiB thread stack.
    @Test("a deep result is an invalid-output error on a connection-sized thread", arguments: [400, 100_000])
    func deepResultOnSmallStack(depth: Int) throws {
        let bytes = nestedResult(depth: depth)
        let message = try onFreshThread { () -> String in
            do {
                _ = try CNIResult.parse(bytes)
                return "parsed"
            } catch {
                return "\(error)"
            }
        }
        #expect(message.contains("not valid JSON"))
    }

    @Test("the fuzzer's saved inputs replay without a trap", arguments: ["Regressions/cni-json", "Corpus/cni-json"])
    func replayFuzzInputs(directory: String) throws {
        let inputs = try fuzzInputs(directory)
        #expect(!inputs.isEmpty, "no inputs in Fuzz/\(directory)")
        for (name, bytes) in inputs {
            // Same checks as Fuzz/CNIJSON, on a thread with a connection thread's stack.
            let problem = try onFreshThread { () -> String? in
                if let value = try? JSONValue.parse(bytes), (try? JSONValue.parse(value.serialized())) != value {
                    return "JSON round trip"
                }
                if let result = try? CNIResult.parse(bytes) {
                    guard let encoded = try? result.encoded(version: result.cniVersion),
                        let again = try? CNIResult.parse(encoded),
                        (try? again.encoded(version: again.cniVersion)) == encoded
                    else { return "result encoding not stable" }
                    // As the fuzzer's oracle: from 0.3.0 on the model survives the round trip.
                    if CNIVersion.less("0.2.0", result.cniVersion), again != result { return "result round trip changed the result" }
                }
                if let list = try? NetworkConfigList.parse(bytes), (try? NetworkConfigList.parse(list.bytes)) != list {
                    return "conflist bytes"
                }
                return nil
            }
            #expect(problem == nil, "\(name): \(problem ?? "")")
        }
    }

    /// The fuzzer's first cni-json report: not a bug, but why the oracle is weaker before 0.3.0.
    @Test("a 0.2.0 result drops a route with no address of its family, as libcni does")
    func legacyResultDropsForeignRoute() throws {
        let result = try CNIResult.parse(Array(#"{"cniVersion":"0.2.0","ip4":{"ip":"10.0.0.5/16","routes":[{"dst":"::/0"}]}}"#.utf8))
        #expect(result.routes.count == 1)
        let again = try CNIResult.parse(try result.encoded(version: "0.2.0"))
        #expect(again.routes.isEmpty)
    }
}
