// Response encoding and the default error body.

import HTTPServer
import Testing

struct PlainHandler: HTTPHandler {
    func handle(_ request: HTTPRequest) -> HTTPResponse { HTTPResponse(status: 200) }
}

@Suite struct EncoderTests {
    @Test func golden() {
        let response = HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
        let expected = "HTTP/1.1 200 OK\r\n"  // status line with reason phrase
            + "Content-Type: application/json\r\n"  // handler header, kept
            + "Content-Length: 2\r\n"  // always added by the encoder
            + "\r\n"
            + "{}"
        #expect(HTTPResponseEncoder.encode(response) == Array(expected.utf8))
    }

    @Test func closeAndFramingAreTheEncodersJob() {
        let response = HTTPResponse(
            status: 500,
            headers: [("content-length", "999"), ("Transfer-Encoding", "chunked"), ("X-Evil", "a\r\nInjected: yes")],
            body: Array("{\"Err\":\"x\"}".utf8))
        let expected = "HTTP/1.1 500 Internal Server Error\r\n"
            + "X-Evil: a  Injected: yes\r\n"  // CR LF neutralised: no response splitting
            + "Connection: close\r\n"  // asked for by close: true
            + "Content-Length: 11\r\n"  // the real length, not the handler's 999
            + "\r\n{\"Err\":\"x\"}"
        #expect(HTTPResponseEncoder.encode(response, close: true) == Array(expected.utf8))
    }

    @Test func connectionCloseIsNotDuplicated() {
        let response = HTTPResponse(status: 204, headers: [("Connection", "close")])
        #expect(HTTPResponseEncoder.encode(response, close: true) == Array("HTTP/1.1 204 No Content\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".utf8))
    }

    @Test func reasonPhrases() {
        #expect(HTTPResponseEncoder.reasonPhrase(404) == "Not Found")
        #expect(HTTPResponseEncoder.reasonPhrase(431) == "Request Header Fields Too Large")
        #expect(HTTPResponseEncoder.reasonPhrase(299) == "Success")
        #expect(HTTPResponseEncoder.reasonPhrase(599) == "Server Error")
        #expect(HTTPResponseEncoder.encode(HTTPResponse(status: 42)).starts(with: Array("HTTP/1.1 500 Internal Server Error\r\n".utf8)))
    }

    @Test func defaultMalformedAnswerIsEscapedJSON() {
        let response = PlainHandler().malformed(HTTPParseError(status: 400, message: "bad \"q\"\\\n\u{1}"))
        #expect(response.status == 400)
        #expect(response.header("connection") == "close")
        #expect(response.closesConnection)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"Err":"bad \"q\"\\\n\u0001"}"#)
    }
}
