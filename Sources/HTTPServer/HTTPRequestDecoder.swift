// The request decoder: a pure state machine from byte chunks to requests.

/// Turns a connection's byte stream into requests; no I/O, so tests feed it bytes.
///
/// Feed chunks as they arrive, then call `next()` until it returns `.needMore`: one chunk
/// may hold several pipelined requests, and a request may be split at any byte. After an
/// `.error` the decoder is finished, because the start of the next request is unknown.
public struct HTTPRequestDecoder: Sendable {
    private enum State: Sendable {
        case head
        case fixedBody(RequestHead, length: Int)
        case chunkedBody(RequestHead, ChunkedBodyDecoder)
        case failed(HTTPParseError)
    }

    /// The limits this decoder enforces.
    public let limits: HTTPLimits
    private var buffer: [UInt8] = []
    /// Index of the first byte not yet consumed.
    private var start = 0
    /// Bytes after `start` already checked while looking for the end of the head.
    private var scanned = 0
    /// Whether the scan is still inside the request line, whose bytes are checked strictly.
    private var inRequestLine = true
    private var state = State.head

    /// Creates a decoder enforcing `limits`.
    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// True when no part of a request is buffered: the connection is between requests.
    public var isIdle: Bool {
        if case .head = state { return start == buffer.count }
        return false
    }

    /// Appends received bytes; call `next()` afterwards.
    public mutating func feed(_ bytes: some Collection<UInt8>) {
        // A failed stream is never read again; don't hold on to what follows.
        if case .failed = state { return }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start >= 4096 && start >= buffer.count / 2 {
            // Drop consumed bytes once they dominate, so pipelining cannot grow the buffer.
            buffer.removeSubrange(0..<start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Decodes the next complete request from the buffered bytes, if there is one.
    public mutating func next() -> DecodeResult {
        switch state {
        case .failed(let error):
            return .error(error)
        case .head:
            return decodeHead()
        case .fixedBody(let head, let length):
            guard buffer.count - start >= length else { return .needMore }
            let body = Array(buffer[start..<start + length])
            start += length
            state = .head
            return .request(head.request(body: body))
        case .chunkedBody(let head, var chunked):
            let step = chunked.decode(buffer, from: &start, limits: limits)
            switch step {
            case .needMore:
                state = .chunkedBody(head, chunked)
                return .needMore
            case .done(let body):
                state = .head
                return .request(head.request(body: body))
            case .error(let error):
                return fail(error)
            }
        }
    }

    /// Finds the end of the head, checking bytes on the way so that garbage fails fast.
    private mutating func decodeHead() -> DecodeResult {
        // RFC 9112 §2.2: ignore empty lines before a request line (old clients send a CRLF after a body).
        if scanned == 0 {
            while buffer.count - start >= 2 && buffer[start] == 0x0D && buffer[start + 1] == 0x0A { start += 2 }
            // A lone CR may be the first half of one more empty line: wait for its LF rather than
            // scan it as the request line (found by fuzzing: the result depended on chunking).
            if buffer.count - start == 1 && buffer[start] == 0x0D { return .needMore }
        }
        var index = start + scanned
        while index < buffer.count {
            // Checked per byte, before the byte itself: whatever follows the limit is never
            // looked at, so the error does not depend on how the bytes were chunked.
            if index - start >= limits.maxHeaderBytes { return fail(.headersTooLarge(limits.maxHeaderBytes)) }
            let byte = buffer[index]
            let previous: UInt8? = index > start ? buffer[index - 1] : nil
            if byte == 0 { return fail(.badRequest("NUL byte in request head")) }
            if previous == 0x0D && byte != 0x0A { return fail(.badRequest("bare CR in request head")) }
            if byte == 0x0A {
                guard previous == 0x0D else { return fail(.badRequest("bare LF in request head")) }
                if index - start >= 3 && buffer[index - 2] == 0x0A {
                    // CR LF CR LF: the head is complete.
                    let headBytes = buffer[start..<index - 3]
                    start = index + 1
                    scanned = 0
                    inRequestLine = true
                    return startBody(RequestHead.parse(headBytes, limits: limits))
                }
                inRequestLine = false
            } else if inRequestLine && byte != 0x0D && (byte < 0x20 || byte > 0x7E) {
                // A request line is printable ASCII; TLS hellos and binary junk stop here.
                return fail(.badRequest("invalid byte in request line"))
            }
            index += 1
        }
        scanned = index - start
        return .needMore
    }

    /// Moves to the body state the head's framing asks for.
    private mutating func startBody(_ parsed: Result<RequestHead, HTTPParseError>) -> DecodeResult {
        switch parsed {
        case .failure(let error):
            return fail(error)
        case .success(let head):
            switch head.framing {
            case .length(let length):
                state = .fixedBody(head, length: length)
            case .chunked:
                state = .chunkedBody(head, ChunkedBodyDecoder())
            }
            return next()
        }
    }

    /// Enters the terminal state and drops the buffer.
    private mutating func fail(_ error: HTTPParseError) -> DecodeResult {
        state = .failed(error)
        buffer = []
        start = 0
        scanned = 0
        inRequestLine = true
        return .error(error)
    }
}
