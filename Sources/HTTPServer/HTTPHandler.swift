// What the server calls for each request.

/// Answers requests. Called on the connection's own thread, so it may block
/// (syscalls, subprocesses); several connections call it concurrently.
public protocol HTTPHandler: Sendable {
    /// Answers one well-formed request.
    func handle(_ request: HTTPRequest) -> HTTPResponse
    /// Answers a request the decoder rejected; the connection closes afterwards.
    func malformed(_ error: HTTPParseError) -> HTTPResponse
}

extension HTTPHandler {
    /// Answers `error.status` with `{"Err":"<message>"}` and `Connection: close`.
    ///
    /// `Err` is the field Docker reads from any non-200 plugin reply, so the daemon log
    /// shows the reason instead of raw text.
    public func malformed(_ error: HTTPParseError) -> HTTPResponse {
        HTTPResponse(
            status: error.status,
            headers: [("Content-Type", "application/json"), ("Connection", "close")],
            body: Array("{\"Err\":\"\(jsonEscaped(error.message))\"}".utf8)
        )
    }
}

/// Escapes `text` for use inside a JSON string literal (RFC 8259 §7).
func jsonEscaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}
