// Parsing the request line and header block (RFC 9112 §2–§6).

/// How the body of a request is delimited (RFC 9112 §6.3).
enum BodyFraming: Equatable {
    case length(Int)
    case chunked
}

/// A parsed request line and header block, before the body has arrived.
struct RequestHead {
    var method: String
    var target: String
    var version: HTTPVersion
    var headers: [(name: String, value: String)]
    var keepAlive: Bool
    var framing: BodyFraming

    /// Builds the request once the body is complete.
    func request(body: [UInt8]) -> HTTPRequest {
        HTTPRequest(method: method, target: target, version: version, headers: headers, body: body, keepAlive: keepAlive)
    }

    /// Parses `bytes`: the head without its final CRLF CRLF, lines separated by CRLF.
    ///
    /// The decoder has already rejected NUL, bare CR and bare LF, so lines split cleanly.
    static func parse(_ bytes: ArraySlice<UInt8>, limits: HTTPLimits) -> Result<RequestHead, HTTPParseError> {
        var lines = split(bytes)
        guard !lines.isEmpty else { return .failure(.badRequest("empty request line")) }
        let requestLine = lines.removeFirst()
        let method: String
        let target: String
        let version: HTTPVersion
        switch parseRequestLine(requestLine) {
        case .failure(let error): return .failure(error)
        case .success(let parts): (method, target, version) = parts
        }

        var headers: [(name: String, value: String)] = []
        for line in lines {
            switch parseField(line) {
            case .failure(let error): return .failure(error)
            case .success(let field): headers.append(field)
            }
        }

        // RFC 9112 §3.2: more than one Host is a 400; an empty or missing one is accepted
        // because Docker sends `Host: ` (empty) and the socket is local anyway.
        if headers.filter({ asciiCaseEqual($0.name, "host") }).count > 1 {
            return .failure(.badRequest("more than one Host header"))
        }

        let connection = headers.filter { asciiCaseEqual($0.name, "connection") }.flatMap { listTokens($0.value) }
        var keepAlive = version.minor == 0
            ? connection.contains("keep-alive") && !connection.contains("close")
            : !connection.contains("close")

        let framing: BodyFraming
        switch parseFraming(headers, limits: limits) {
        case .failure(let error): return .failure(error)
        case .success(let value): framing = value
        }
        // RFC 9112 §6.1: chunked in an HTTP/1.0 message is suspect; serve it, then close.
        if framing == .chunked && version.minor == 0 { keepAlive = false }

        return .success(RequestHead(
            method: method, target: target, version: version, headers: headers, keepAlive: keepAlive, framing: framing))
    }

    /// Splits at CRLF.
    private static func split(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == 0x0D && index + 1 < bytes.endIndex && bytes[index + 1] == 0x0A {
                lines.append(bytes[lineStart..<index])
                index += 2
                lineStart = index
            } else {
                index += 1
            }
        }
        lines.append(bytes[lineStart..<bytes.endIndex])
        return lines
    }

    /// `method SP request-target SP HTTP-version` (RFC 9112 §3), single spaces only.
    private static func parseRequestLine(_ line: ArraySlice<UInt8>) -> Result<(String, String, HTTPVersion), HTTPParseError> {
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return .failure(.badRequest("malformed request line")) }
        let (method, target, version) = (parts[0], parts[1], parts[2])
        guard !method.isEmpty, method.allSatisfy(isTokenByte) else {
            return .failure(.badRequest("malformed method"))
        }
        guard !target.isEmpty, target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(.badRequest("malformed request target"))
        }
        // HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3).
        let v = Array(version)
        guard v.count == 8, v[0..<5].elementsEqual("HTTP/".utf8), isDigit(v[5]), v[6] == 0x2E, isDigit(v[7]) else {
            return .failure(.badRequest("malformed HTTP version"))
        }
        guard v[5] == 0x31 else { return .failure(.unsupportedVersion(String(decoding: v, as: UTF8.self))) }
        return .success((
            String(decoding: method, as: UTF8.self),
            String(decoding: target, as: UTF8.self),
            HTTPVersion(major: 1, minor: Int(v[7] - 0x30))
        ))
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5).
    private static func parseField(_ line: ArraySlice<UInt8>) -> Result<(name: String, value: String), HTTPParseError> {
        // RFC 9112 §5.2: obs-fold is rejected in requests.
        if let first = line.first, isOWS(first) { return .failure(.badRequest("obsolete line folding")) }
        guard let colon = line.firstIndex(of: 0x3A) else { return .failure(.badRequest("header line without colon")) }
        let name = line[line.startIndex..<colon]
        // RFC 9112 §5.1: whitespace before the colon is a 400 (request smuggling vector).
        guard !name.isEmpty, name.allSatisfy(isTokenByte) else { return .failure(.badRequest("malformed header name")) }
        var value = line[(colon + 1)...]
        while let first = value.first, isOWS(first) { value = value.dropFirst() }
        while let last = value.last, isOWS(last) { value = value.dropLast() }
        // field-vchar / SP / HTAB / obs-text; other controls and DEL are rejected (RFC 9110 §5.5).
        guard value.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
            return .failure(.badRequest("control character in header value"))
        }
        return .success((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
    }

    /// Decides the body length from Transfer-Encoding and Content-Length (RFC 9112 §6).
    private static func parseFraming(_ headers: [(name: String, value: String)], limits: HTTPLimits) -> Result<BodyFraming, HTTPParseError> {
        let transferEncodings = headers.filter { asciiCaseEqual($0.name, "transfer-encoding") }
        let contentLengths = headers.filter { asciiCaseEqual($0.name, "content-length") }

        if !transferEncodings.isEmpty {
            // RFC 9112 §6.1: both headers is how requests get smuggled past proxies.
            guard contentLengths.isEmpty else {
                return .failure(.badRequest("both Content-Length and Transfer-Encoding"))
            }
            let codings = transferEncodings.flatMap { listTokens($0.value) }
            if let unknown = codings.first(where: { $0 != "chunked" }) {
                return .failure(.unsupportedTransferCoding(unknown))
            }
            // Chunked exactly once, and last (RFC 9112 §6.1, §6.3 rule 4).
            guard codings.count == 1 else { return .failure(.badRequest("malformed Transfer-Encoding")) }
            return .success(.chunked)
        }

        // RFC 9110 §8.6: a list of identical values may be accepted as that value.
        var length: Int?
        for field in contentLengths {
            for element in field.value.split(separator: ",", omittingEmptySubsequences: false) {
                let digits = element.utf8.drop { isOWS($0) }.reversed().drop { isOWS($0) }.reversed()
                guard !digits.isEmpty, digits.allSatisfy(isDigit) else {
                    return .failure(.badRequest("invalid Content-Length"))
                }
                // Digits beyond the limit only need to be known as "too large", not exactly.
                var value = 0
                for digit in digits {
                    value = min(value * 10 + Int(digit - 0x30), limits.maxBodyBytes + 1)
                }
                if let length, length != value { return .failure(.badRequest("conflicting Content-Length values")) }
                length = value
            }
        }
        let size = length ?? 0
        if size > limits.maxBodyBytes { return .failure(.bodyTooLarge(limits.maxBodyBytes)) }
        return .success(.length(size))
    }
}
