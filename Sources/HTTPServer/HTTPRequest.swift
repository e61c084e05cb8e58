// One decoded request.

/// A complete HTTP/1.x request with its body already de-chunked.
public struct HTTPRequest: Sendable, Equatable {
    /// The method token as sent, e.g. `POST` (methods are case-sensitive, RFC 9110 §9.1).
    public var method: String
    /// The request target as sent, e.g. `/NetworkDriver.Join`.
    public var target: String
    /// The version from the request line.
    public var version: HTTPVersion
    /// Header fields in arrival order with their original spelling; duplicates are kept.
    public var headers: [(name: String, value: String)]
    /// The body bytes (empty when the request has none).
    public var body: [UInt8]
    /// Whether the connection may carry another request after the response.
    public var keepAlive: Bool

    /// Creates a request; the decoder builds these, tests and handlers may too.
    public init(
        method: String,
        target: String,
        version: HTTPVersion = .http1_1,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        keepAlive: Bool = true
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.keepAlive = keepAlive
    }

    /// The first value of header `name`, compared case-insensitively (RFC 9110 §5.1).
    public func header(_ name: String) -> String? {
        headers.first { asciiCaseEqual($0.name, name) }?.value
    }

    /// Every value of header `name` in arrival order, compared case-insensitively.
    public func headers(named name: String) -> [String] {
        headers.filter { asciiCaseEqual($0.name, name) }.map(\.value)
    }

    /// Field-by-field equality, header order and spelling included.
    public static func == (a: HTTPRequest, b: HTTPRequest) -> Bool {
        a.method == b.method && a.target == b.target && a.version == b.version
            && a.body == b.body && a.keepAlive == b.keepAlive
            && a.headers.count == b.headers.count
            && zip(a.headers, b.headers).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
