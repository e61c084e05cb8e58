// One response, before encoding.

/// A response to send; `HTTPResponseEncoder` adds `Content-Length` and the reason phrase.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code, e.g. 200.
    public var status: Int
    /// Header fields in order; `Content-Length` and `Transfer-Encoding` set here are ignored.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { asciiCaseEqual($0.name, name) }?.value
    }

    /// Whether the handler asked for the connection to close after this response.
    public var closesConnection: Bool {
        headers.contains { asciiCaseEqual($0.name, "connection") && listTokens($0.value).contains("close") }
    }

    /// Field-by-field equality, header order and spelling included.
    public static func == (a: HTTPResponse, b: HTTPResponse) -> Bool {
        a.status == b.status && a.body == b.body && a.headers.count == b.headers.count
            && zip(a.headers, b.headers).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
