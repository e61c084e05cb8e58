// Serialising a response to HTTP/1.1 bytes.

/// Turns an `HTTPResponse` into the bytes of an HTTP/1.1 response message.
///
/// The encoder owns framing: it always writes `Content-Length` (never chunked), so the
/// client can find the end of the body on a kept-alive connection, and it always writes
/// a reason phrase because some clients log it.
public enum HTTPResponseEncoder {
    /// Encodes `response` as status line, headers, `Content-Length`, blank line and body.
    ///
    /// Header names and values have CR, LF and NUL replaced by spaces so that a handler
    /// echoing client data can never split the response. A status outside 100...999
    /// is encoded as 500 (a handler bug must not produce an unparseable status line).
    /// - Parameters:
    ///   - response: what to send.
    ///   - close: adds `Connection: close` unless the response already has it.
    public static func encode(_ response: HTTPResponse, close: Bool = false) -> [UInt8] {
        let status = (100...999).contains(response.status) ? response.status : 500
        var head = "HTTP/1.1 \(status) \(reasonPhrase(status))\r\n"
        for (name, value) in response.headers {
            // Framing is the encoder's job; a handler's own values could contradict the body.
            if asciiCaseEqual(name, "content-length") || asciiCaseEqual(name, "transfer-encoding") { continue }
            head += "\(sanitized(name)): \(sanitized(value))\r\n"
        }
        if close && !response.closesConnection {
            head += "Connection: close\r\n"
        }
        head += "Content-Length: \(response.body.count)\r\n\r\n"
        var bytes = Array(head.utf8)
        bytes.append(contentsOf: response.body)
        return bytes
    }

    /// The reason phrase for `status` (RFC 9110 §15), or a generic one for its class.
    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        case 100..<200: "Informational"
        case 200..<300: "Success"
        case 300..<400: "Redirection"
        case 400..<500: "Client Error"
        default: "Server Error"
        }
    }

    /// Replaces bytes that would end a header line early.
    private static func sanitized(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else { return text }
        return String(decoding: text.utf8.map { ($0 == 0x0D || $0 == 0x0A || $0 == 0) ? 0x20 : $0 }, as: UTF8.self)
    }
}
