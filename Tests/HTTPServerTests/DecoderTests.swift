// Decoding well-formed requests: Docker's exact bytes, splits, pipelining, chunked, versions.

import HTTPServer
import Testing

/// The bytes Docker's plugin client sends for a Join (cnm-protocol.md §2): empty Host,
/// no Content-Type, JSON body ending in a newline.
let dockerJoin = Array((
    "POST /NetworkDriver.Join HTTP/1.1\r\n"
    + "Host: \r\n"
    + "User-Agent: Go-http-client/1.1\r\n"
    + "Content-Length: 18\r\n"
    + "Accept: application/vnd.docker.plugins.v1.2+json\r\n"
    + "\r\n"
    + "{\"NetworkID\":\"x\"}\n"
).utf8)

/// Feeds `chunks` one after another and collects every result up to `.needMore`.
func decode(_ chunks: [[UInt8]], limits: HTTPLimits = HTTPLimits()) -> [DecodeResult] {
    var decoder = HTTPRequestDecoder(limits: limits)
    var results: [DecodeResult] = []
    for chunk in chunks {
        decoder.feed(chunk)
        while true {
            let result = decoder.next()
            if result == .needMore { break }
            results.append(result)
            if case .error = result { return results }
        }
    }
    return results
}

func decode(_ text: String, limits: HTTPLimits = HTTPLimits()) -> [DecodeResult] {
    decode([Array(text.utf8)], limits: limits)
}

@Suite struct DecoderTests {
    let expectedJoin = HTTPRequest(
        method: "POST",
        target: "/NetworkDriver.Join",
        version: .http1_1,
        headers: [
            ("Host", ""),
            ("User-Agent", "Go-http-client/1.1"),
            ("Content-Length", "18"),
            ("Accept", "application/vnd.docker.plugins.v1.2+json"),
        ],
        body: Array("{\"NetworkID\":\"x\"}\n".utf8),
        keepAlive: true
    )

    @Test func dockerJoinRequest() throws {
        let results = decode([dockerJoin])
        #expect(results == [.request(expectedJoin)])
        guard case .request(let request) = results.first else { return }
        #expect(request.header("HOST") == "")
        #expect(request.header("content-type") == nil)
        #expect(request.header("content-length") == "18")
    }

    @Test func splitAtEveryByteBoundary() {
        for cut in 0...dockerJoin.count {
            let results = decode([Array(dockerJoin[..<cut]), Array(dockerJoin[cut...])])
            #expect(results == [.request(expectedJoin)], "split at \(cut)")
        }
        // And one byte at a time.
        #expect(decode(dockerJoin.map { [$0] }) == [.request(expectedJoin)])
    }

    @Test(arguments: [2, 3]) func pipelinedInOneChunk(count: Int) {
        let stream = Array(repeating: dockerJoin, count: count).flatMap { $0 }
        #expect(decode([stream]) == Array(repeating: .request(expectedJoin), count: count))
    }

    @Test func pipelinedSplitAtEveryByteBoundary() {
        let stream = Array(repeating: dockerJoin, count: 3).flatMap { $0 }
        for cut in 0...stream.count {
            let results = decode([Array(stream[..<cut]), Array(stream[cut...])])
            #expect(results == Array(repeating: .request(expectedJoin), count: 3), "split at \(cut)")
        }
    }

    @Test func emptyBodyCallsAndMissingHost() {
        let results = decode("POST /Plugin.Activate HTTP/1.1\r\nContent-Length: 0\r\n\r\nGET /x HTTP/1.1\r\n\r\n")
        #expect(results == [
            .request(HTTPRequest(method: "POST", target: "/Plugin.Activate", headers: [("Content-Length", "0")])),
            .request(HTTPRequest(method: "GET", target: "/x")),
        ])
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() {
        let chunked = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4;name=value\r\nWiki\r\n5\r\npedia\r\nB \r\n in\r\nchunks\r\n0\r\nX-Trailer: y\r\n\r\n"
        let stream = Array((chunked + "GET /next HTTP/1.1\r\n\r\n").utf8)
        let expected: [DecodeResult] = [
            .request(HTTPRequest(method: "POST", target: "/c", headers: [("Transfer-Encoding", "chunked")], body: Array("Wikipedia in\r\nchunks".utf8))),
            .request(HTTPRequest(method: "GET", target: "/next")),
        ]
        #expect(decode([stream]) == expected)
        for cut in 0...stream.count {
            #expect(decode([Array(stream[..<cut]), Array(stream[cut...])]) == expected, "split at \(cut)")
        }
    }

    @Test func connectionSemantics() {
        func keepAlive(_ head: String) -> Bool? {
            guard case .request(let request) = decode(head + "\r\n").first else { return nil }
            return request.keepAlive
        }
        #expect(keepAlive("GET / HTTP/1.1\r\n") == true)
        #expect(keepAlive("GET / HTTP/1.1\r\nConnection: close\r\n") == false)
        #expect(keepAlive("GET / HTTP/1.1\r\nconnection: Upgrade, CLOSE\r\n") == false)
        #expect(keepAlive("GET / HTTP/1.0\r\n") == false)
        #expect(keepAlive("GET / HTTP/1.0\r\nConnection: keep-alive\r\n") == true)
        #expect(keepAlive("GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n0\r\n") == false)
    }

    @Test func http10RequestStopsAfterOneResponse() {
        let results = decode("GET /a HTTP/1.0\r\n\r\n")
        #expect(results == [.request(HTTPRequest(method: "GET", target: "/a", version: .http1_0, keepAlive: false))])
    }

    @Test func leadingEmptyLinesAreIgnored() {
        let stream = Array("\r\n\r\nGET / HTTP/1.1\r\n\r\n\r\nGET /2 HTTP/1.1\r\n\r\n".utf8)
        let expected: [DecodeResult] = [.request(HTTPRequest(method: "GET", target: "/")), .request(HTTPRequest(method: "GET", target: "/2"))]
        for cut in 0...stream.count {
            #expect(decode([Array(stream[..<cut]), Array(stream[cut...])]) == expected, "split at \(cut)")
        }
        #expect(decode(stream.map { [$0] }) == expected)
    }

    @Test func largeHeadFedOneByteAtATime() {
        // Linear scanning: 60 KiB of headers byte by byte must stay fast and decode.
        let head = "GET / HTTP/1.1\r\n" + String(repeating: "X-Filler: 0123456789abcdef\r\n", count: 2000) + "\r\n"
        let results = decode(Array(head.utf8).map { [$0] })
        guard case .request(let request) = results.first else {
            Issue.record("expected a request, got \(results)")
            return
        }
        #expect(request.headers.count == 2000)
    }

    @Test func identicalDuplicateContentLengthIsAccepted() {
        let results = decode("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nok")
        guard case .request(let request) = results.first else {
            Issue.record("expected a request, got \(results)")
            return
        }
        #expect(request.body == Array("ok".utf8))
        #expect(request.headers(named: "content-length") == ["2", "2, 2"])
    }

    @Test func idleTracksPartialRequests() {
        var decoder = HTTPRequestDecoder()
        #expect(decoder.isIdle)
        decoder.feed(Array("GET / HT".utf8))
        #expect(decoder.next() == .needMore)
        #expect(!decoder.isIdle)
        decoder.feed(Array("TP/1.1\r\n\r\n".utf8))
        #expect(decoder.next() == .request(HTTPRequest(method: "GET", target: "/")))
        #expect(decoder.isIdle)
    }
}
