// Why a request could not be decoded, and what status answers it.

/// A request the decoder rejected; the connection answers `status` and then closes,
/// because after a framing error the next request's start cannot be found reliably.
public struct HTTPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The status to answer: 400, 413, 431, 501 or 505 (503 when the server refuses a connection).
    public let status: Int
    /// A short human-readable reason, safe to send back to the client.
    public let message: String

    /// Creates an error answered with `status`.
    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    /// 400: the bytes are not a valid HTTP/1.1 request.
    public static func badRequest(_ message: String) -> HTTPParseError {
        HTTPParseError(status: 400, message: message)
    }

    /// 413: the body is larger than `HTTPLimits.maxBodyBytes`.
    public static func bodyTooLarge(_ limit: Int) -> HTTPParseError {
        HTTPParseError(status: 413, message: "request body larger than \(limit) bytes")
    }

    /// 431: the request line and headers are larger than `HTTPLimits.maxHeaderBytes`.
    public static func headersTooLarge(_ limit: Int) -> HTTPParseError {
        HTTPParseError(status: 431, message: "request header block larger than \(limit) bytes")
    }

    /// 501: a transfer coding other than `chunked` (RFC 9112 §6.1).
    public static func unsupportedTransferCoding(_ coding: String) -> HTTPParseError {
        HTTPParseError(status: 501, message: "unsupported transfer coding \(coding)")
    }

    /// 505: a major version other than 1.
    public static func unsupportedVersion(_ version: String) -> HTTPParseError {
        HTTPParseError(status: 505, message: "unsupported HTTP version \(version)")
    }

    /// `status message`, for logs.
    public var description: String { "\(status) \(message)" }
}
