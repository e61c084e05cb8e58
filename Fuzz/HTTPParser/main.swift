// libFuzzer entry for the HTTP/1.1 request decoder (built by scripts/fuzz.sh, not by SwiftPM).
//
// Compiled into the HTTPServer module itself, so internal API is reachable. Oracles:
// 1. No crash, no hang (libFuzzer -timeout), no ASan report.
// 2. Chunking does not matter: the bytes fed at once and fed in pieces whose sizes come from
//    the input decode to the same requests and the same final error (or need for more).
// 3. Limits hold: every body ≤ maxBodyBytes; a decoder that failed stays failed.
// 4. A response echoing request data in a header value cannot split the response head.

/// Small limits so that short inputs reach the 413 and 431 paths.
let fuzzLimits = HTTPLimits(maxHeaderBytes: 1024, maxBodyBytes: 4096)

/// Decodes `bytes` fed in pieces of the given sizes (cycled); returns requests and the final result.
func decodeAll(_ bytes: [UInt8], pieces: [Int]) -> (requests: [HTTPRequest], end: DecodeResult) {
    var decoder = HTTPRequestDecoder(limits: fuzzLimits)
    var requests: [HTTPRequest] = []
    var offset = 0
    var piece = 0
    while true {
        // Drain everything decodable before feeding more, as the server does.
        while true {
            switch decoder.next() {
            case .request(let request):
                check(request.body.count <= fuzzLimits.maxBodyBytes, "body over the limit")
                requests.append(request)
                continue
            case .error(let error):
                // Terminal: the same error again, and feeding changes nothing.
                decoder.feed([0x47, 0x45, 0x54])
                check(decoder.next() == .error(error), "a failed decoder recovered")
                return (requests, .error(error))
            case .needMore:
                break
            }
            break
        }
        if offset == bytes.count { return (requests, .needMore) }
        let size = min(max(pieces[piece % pieces.count], 1), bytes.count - offset)
        piece += 1
        decoder.feed(bytes[offset..<offset + size])
        offset += size
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []

    // 2. Whole, then in pieces of 1…8 bytes taken from the input's own bytes.
    let whole = decodeAll(bytes, pieces: [max(bytes.count, 1)])
    let pieces = bytes.prefix(16).map { Int($0 % 8) + 1 }
    let split = decodeAll(bytes, pieces: pieces.isEmpty ? [1] : pieces)
    check(whole.requests == split.requests, "requests depend on chunking: \(whole) vs \(split)")
    check(whole.end == split.end, "final result depends on chunking: \(whole.end) vs \(split.end)")

    // 4. Echo the target and a header value back; the encoded head must keep its line count.
    for request in whole.requests {
        let echoed = HTTPResponse(
            status: 200, headers: [("X-Target", request.target), ("X-First", request.headers.first?.value ?? "")],
            body: request.body)
        let encoded = HTTPResponseEncoder.encode(echoed, close: !request.keepAlive)
        let head = encoded.prefix(encoded.count - request.body.count)
        let lineFeeds = head.filter { $0 == 0x0A }.count
        // Status line, two echoed headers, optional Connection, Content-Length, blank line.
        check(lineFeeds == (request.keepAlive ? 5 : 6), "response head was split")
    }
    return 0
}
