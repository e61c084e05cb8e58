// Decoding hostile or broken input: every case must end in an error status, never a crash.

import HTTPServer
import Testing

/// The status of the first error `text` produces, or nil when it decodes.
func errorStatus(_ text: String, limits: HTTPLimits = HTTPLimits()) -> Int? {
    errorStatus([Array(text.utf8)], limits: limits)
}

func errorStatus(_ chunks: [[UInt8]], limits: HTTPLimits = HTTPLimits()) -> Int? {
    for result in decode(chunks, limits: limits) {
        if case .error(let error) = result { return error.status }
    }
    return nil
}

@Suite struct DecoderErrorTests {
    @Test func oversizedHeaderIs431BeforeTheHeadEnds() {
        let limits = HTTPLimits()
        let head = "GET / HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: limits.maxHeaderBytes)
        #expect(errorStatus(head, limits: limits) == 431)
        #expect(errorStatus(head + "\r\n\r\n", limits: limits) == 431)
        // Many small headers count too.
        let many = "GET / HTTP/1.1\r\n" + String(repeating: "X-A: b\r\n", count: limits.maxHeaderBytes / 8 + 1) + "\r\n"
        #expect(errorStatus(many, limits: limits) == 431)
    }

    @Test func oversizedBodyIs413WithoutBufferingIt() {
        // Only the head is fed: the error must come before any of the 2 MiB arrive.
        var decoder = HTTPRequestDecoder()
        decoder.feed(Array("POST / HTTP/1.1\r\nContent-Length: 2097152\r\n\r\n".utf8))
        guard case .error(let error) = decoder.next() else {
            Issue.record("expected 413")
            return
        }
        #expect(error.status == 413)
        #expect(errorStatus("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999999\r\n\r\n") == 413)
    }

    @Test func oversizedChunkedBodyIs413() {
        let limits = HTTPLimits(maxBodyBytes: 8)
        #expect(errorStatus("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\n", limits: limits) == 413)
        #expect(errorStatus("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffffffff\r\n", limits: limits) == 413)
    }

    @Test func contentLengthWithTransferEncodingIs400() {
        #expect(errorStatus("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == 400)
        #expect(errorStatus("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\ncontent-length: 0\r\n\r\n") == 400)
    }

    @Test(arguments: ["-1", "abc", "1.5", "", "+5", "0x10", "5, 6", "1 2"])
    func invalidContentLengthIs400(value: String) {
        #expect(errorStatus("POST / HTTP/1.1\r\nContent-Length: \(value)\r\n\r\n") == 400)
    }

    @Test func conflictingDuplicateContentLengthIs400() {
        #expect(errorStatus("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n") == 400)
    }

    @Test func transferCodings() {
        #expect(errorStatus("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == 501)
        #expect(errorStatus("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n") == 400)
        #expect(errorStatus("POST / HTTP/1.1\r\nTransfer-Encoding: ,\r\n\r\n") == 400)
    }

    @Test func garbageBytesAre400Immediately() {
        // A TLS ClientHello prefix: rejected without waiting for a head terminator.
        #expect(errorStatus([[0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC]]) == 400)
        #expect(errorStatus([Array(repeating: 0xFF, count: 32)]) == 400)
        #expect(errorStatus("hello world\r\n\r\n") == 400)
        #expect(errorStatus("\r\n\r\n\r\n") == nil)  // Only empty lines: still waiting.
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nNoColonHere\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: b\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A : b\r\n\r\n",
        "GET / HTTP/1.1\r\n: empty-name\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: b\u{0}c\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: b\u{7}c\r\n\r\n",
        "GET / HTTP/1.1\nX-A: b\n\n",
        "GET / HTTP/1.1\r\nX-A: b\rc\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",
        "GET /\r\n\r\n",
        "GET / HTTP/1.1 extra\r\n\r\n",
        "G(T / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.x\r\n\r\n",
        "GET / http/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n",
    ])
    func malformedRequestIs400(text: String) {
        #expect(errorStatus(text) == 400)
    }

    @Test func otherMajorVersionIs505() {
        #expect(errorStatus("GET / HTTP/2.0\r\n\r\n") == 505)
    }

    @Test func errorIsSticky() {
        var decoder = HTTPRequestDecoder()
        decoder.feed(Array("BAD\r\n\r\n".utf8))
        let first = decoder.next()
        decoder.feed(Array("GET / HTTP/1.1\r\n\r\n".utf8))
        #expect(decoder.next() == first)
        if case .error(let error) = first { #expect(error.status == 400) } else { Issue.record("expected an error") }
    }
}
