// De-chunking a `Transfer-Encoding: chunked` body (RFC 9112 §7.1).

/// Incremental state of one chunked body; consumes framing as it arrives so that only
/// the decoded body, never the framing, is held.
struct ChunkedBodyDecoder {
    /// What one call to `decode` achieved.
    enum Step {
        case needMore
        case done([UInt8])
        case error(HTTPParseError)
    }

    private enum Phase {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers
    }

    /// A chunk-size line is hex digits plus optional extensions; anything longer is abuse.
    private static let maxSizeLine = 4096

    private var phase = Phase.size
    private var body: [UInt8] = []
    private var trailerBytes = 0
    private var scanned = 0

    /// Consumes bytes of `buffer` from `start` onwards, advancing `start`.
    mutating func decode(_ buffer: [UInt8], from start: inout Int, limits: HTTPLimits) -> Step {
        while true {
            switch phase {
            case .size:
                let sizeLine: ArraySlice<UInt8>
                switch nextLine(buffer, from: &start, limit: Self.maxSizeLine) {
                case .needMore: return .needMore
                case .tooLong: return .error(.badRequest("chunk size line too long"))
                case .error(let error): return .error(error)
                case .line(let value): sizeLine = value
                }
                let digits = sizeLine.prefix { hexValue($0) != nil }
                let rest = sizeLine.dropFirst(digits.count).drop { isOWS($0) }
                guard !digits.isEmpty, rest.isEmpty || rest.first == UInt8(ascii: ";") else {
                    return .error(.badRequest("malformed chunk size"))
                }
                // Clamp: past the limit the exact size no longer matters.
                var size = 0
                for digit in digits { size = min(size * 16 + Int(hexValue(digit) ?? 0), limits.maxBodyBytes + 1) }
                if body.count + size > limits.maxBodyBytes { return .error(.bodyTooLarge(limits.maxBodyBytes)) }
                phase = size == 0 ? .trailers : .data(remaining: size)
            case .data(let remaining):
                let take = min(remaining, buffer.count - start)
                if take == 0 { return .needMore }
                body.append(contentsOf: buffer[start..<start + take])
                start += take
                phase = remaining == take ? .dataEnd : .data(remaining: remaining - take)
            case .dataEnd:
                guard buffer.count - start >= 2 else {
                    // A wrong first byte is already an error; no need to wait for the second.
                    if buffer.count > start && buffer[start] != 0x0D { return .error(.badRequest("missing CRLF after chunk data")) }
                    return .needMore
                }
                guard buffer[start] == 0x0D && buffer[start + 1] == 0x0A else {
                    return .error(.badRequest("missing CRLF after chunk data"))
                }
                start += 2
                phase = .size
            case .trailers:
                // Trailer fields are read and dropped: nothing here needs them.
                switch nextLine(buffer, from: &start, limit: limits.maxHeaderBytes - trailerBytes) {
                case .needMore: return .needMore
                case .tooLong: return .error(.headersTooLarge(limits.maxHeaderBytes))
                case .error(let error): return .error(error)
                case .line(let line):
                    if line.isEmpty { return .done(body) }
                    trailerBytes += line.count + 2
                }
            }
        }
    }

    private enum Line {
        case needMore
        case line(ArraySlice<UInt8>)
        case tooLong
        case error(HTTPParseError)
    }

    /// Takes one CRLF-terminated line, rejecting NUL and bare CR or LF.
    ///
    /// `scanned` remembers how far a partial line was checked, so a line arriving one
    /// byte at a time costs linear, not quadratic, time.
    private mutating func nextLine(_ buffer: [UInt8], from start: inout Int, limit: Int) -> Line {
        var index = start + scanned
        while index < buffer.count {
            // Per byte, like the head: bytes past the limit are never looked at.
            if index - start > limit { return .tooLong }
            let byte = buffer[index]
            if byte == 0x0A {
                guard index > start && buffer[index - 1] == 0x0D else { return .error(.badRequest("bare LF in chunked body")) }
                let line = buffer[start..<index - 1]
                start = index + 1
                scanned = 0
                return .line(line)
            }
            if byte == 0 { return .error(.badRequest("NUL in chunked framing")) }
            if index > start && buffer[index - 1] == 0x0D { return .error(.badRequest("bare CR in chunked body")) }
            index += 1
        }
        scanned = index - start
        return .needMore
    }
}
