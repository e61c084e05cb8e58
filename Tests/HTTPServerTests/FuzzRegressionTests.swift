// Replays the fuzzer's inputs: every file in Fuzz/Regressions/http-parser (inputs that once
// failed) and Fuzz/Corpus/http-parser (the seeds) must decode the same however it is chunked.

import AdapterOS
import HTTPServer
import Testing

/// The limits Fuzz/HTTPParser uses, so that a saved input means the same thing here.
let fuzzLimits = HTTPLimits(maxHeaderBytes: 1024, maxBodyBytes: 4096)

/// The repository root, found from this file's path (Tests/HTTPServerTests/<file>).
let repositoryRoot: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// Every file of a Fuzz/ subdirectory as (name, bytes), in name order.
func fuzzInputs(_ directory: String) throws -> [(name: String, bytes: [UInt8])] {
    let path = repositoryRoot + "/Fuzz/" + directory
    return try Files.list(path).sorted().compactMap { name in
        try Files.read(path + "/" + name).map { (name, $0) }
    }
}

@Suite struct FuzzRegressionTests {
    @Test(arguments: ["Regressions/http-parser", "Corpus/http-parser"])
    func chunkingDoesNotChangeTheResult(directory: String) throws {
        let inputs = try fuzzInputs(directory)
        #expect(!inputs.isEmpty, "no inputs in Fuzz/\(directory)")
        for (name, bytes) in inputs {
            let whole = decode([bytes], limits: fuzzLimits)
            let byteByByte = decode(bytes.map { [$0] }, limits: fuzzLimits)
            #expect(whole == byteByByte, "\(name): whole vs one byte at a time")
            // Two pieces, split at every boundary (the shape of the first finding).
            for cut in stride(from: 1, to: bytes.count, by: max(1, bytes.count / 64)) {
                let split = decode([Array(bytes[..<cut]), Array(bytes[cut...])], limits: fuzzLimits)
                #expect(whole == split, "\(name): split at \(cut)")
            }
            for case .request(let request) in whole {
                #expect(request.body.count <= fuzzLimits.maxBodyBytes, "\(name): body over the limit")
            }
        }
    }

    /// Finding 1: a CRLF before a request line, split between its CR and LF, made the CRLF
    /// the request line and the request a 400 "malformed request line".
    @Test func emptyLineSplitBetweenCRAndLF() {
        let first = Array("POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}\r".utf8)
        let second = Array("\nPOST /b HTTP/1.1\r\nContent-Length: 0\r\n\r\n".utf8)
        let results = decode([first, second])
        #expect(results.count == 2)
        guard results.count == 2, case .request(let request) = results[1] else {
            Issue.record("second request not decoded: \(results)")
            return
        }
        #expect(request.target == "/b")
    }

    /// Finding 2: the head limit was checked after scanning the whole buffer, so a bad byte
    /// beyond the limit gave a 400 when the bytes came at once and a 431 when they trickled in.
    @Test func bytesPastTheHeaderLimitAreNeverExamined() {
        let limits = HTTPLimits(maxHeaderBytes: 64)
        let bytes = Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 100)).utf8) + [0]
        #expect(errorStatus([bytes], limits: limits) == 431)
        #expect(errorStatus(bytes.map { [$0] }, limits: limits) == 431)
    }
}
