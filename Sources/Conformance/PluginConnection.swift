// An HTTP/1.1 client over a Unix socket that sends what Docker's plugin client sends.

import AdapterOS

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// One answer from a plugin: the HTTP status and body as received.
public struct PluginAnswer: Sendable, Equatable {
    /// HTTP status code.
    public var status: Int
    /// Response body bytes (de-chunked).
    public var body: [UInt8]

    /// Creates an answer.
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }

    /// The body as text, for messages.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// One keep-alive connection to a plugin socket, used by one thread at a time.
///
/// Requests carry exactly Docker's headers (cnm-protocol.md §2): `Host` (empty for 20.10,
/// `plugin.moby.localhost` for 28.x), `User-Agent: Go-http-client/1.1`, `Content-Length`, and
/// `Accept: application/vnd.docker.plugins.v1.2+json`; no Content-Type. A plugin that needs
/// anything else fails here as it would under Docker.
public final class PluginConnection {
    /// The socket path.
    public let path: String
    /// The `Host` header value.
    public let host: String
    /// Seconds to wait for an answer. Docker waits forever; a test tool must not.
    public let timeout: Int
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []

    /// A connection to `path`; connects lazily on the first call.
    public init(path: String, host: String = "", timeout: Int = 60) {
        self.path = path
        self.host = host
        self.timeout = timeout
    }

    deinit { close() }

    /// Closes the connection (the next call reconnects).
    public func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        buffer = []
    }

    /// Sends `POST path` with `body` and returns the answer.
    ///
    /// A kept-alive connection the plugin closed meanwhile is reopened once, as Go's transport
    /// does for a request that was never answered.
    /// - Throws: `SystemError` when the socket cannot be reached or the answer is not HTTP.
    public func call(_ method: String, body: [UInt8]) throws -> PluginAnswer {
        let reused = fd >= 0
        do {
            return try attempt(method, body)
        } catch let error as ConnectionClosed where reused {
            _ = error
            close()
            return try attempt(method, body)
        }
    }

    private struct ConnectionClosed: Error {}

    private func attempt(_ method: String, _ body: [UInt8]) throws -> PluginAnswer {
        if fd < 0 { try connect() }
        var head = "POST \(method) HTTP/1.1\r\n"
        head += "Host: \(host)\r\n"
        head += "User-Agent: Go-http-client/1.1\r\n"
        head += "Content-Length: \(body.count)\r\n"
        head += "Accept: application/vnd.docker.plugins.v1.2+json\r\n\r\n"
        do {
            try Files.writeAll(fd, Array(head.utf8) + body, what: "request to \(path)")
        } catch let error as SystemError where error.errno == EPIPE || error.errno == ECONNRESET {
            throw ConnectionClosed()
        }
        return try readAnswer()
    }

    private func connect() throws {
        let s = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if s < 0 { throw SystemError.current("socket") }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
            Glibc.close(s)
            throw SystemError("connect \(path): path too long", errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(s, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if rc != 0 {
            let error = SystemError.current("connect \(path)")
            Glibc.close(s)
            throw error
        }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        fd = s
    }

    /// Reads more bytes into the buffer; false at end of stream.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer += chunk[0..<n]
                return true
            }
            if n == 0 { return false }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                throw SystemError("no answer from \(path) within \(timeout) s", errno: ETIMEDOUT)
            }
            if errno == ECONNRESET { throw ConnectionClosed() }
            throw SystemError.current("read answer from \(path)")
        }
    }

    private func readAnswer() throws -> PluginAnswer {
        var headEnd: Int?
        while headEnd == nil {
            headEnd = find([13, 10, 13, 10], in: buffer)
            if headEnd == nil {
                if !(try fill()) {
                    if buffer.isEmpty { throw ConnectionClosed() }
                    throw SystemError("\(path) closed the connection in the middle of an answer", errno: EPROTO)
                }
            }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + 4)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw SystemError("\(path) answered something that is not HTTP: \(lines[0].prefix(80))", errno: EPROTO)
        }
        var length: Int?
        var chunked = false
        var closeAfter = statusParts[0] == "HTTP/1.0"
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            switch name {
            case "content-length": length = Int(value)
            case "transfer-encoding": chunked = value.lowercased().contains("chunked")
            case "connection": closeAfter = value.lowercased() == "close" ? true : closeAfter
            default: break
            }
        }
        var body: [UInt8] = []
        if chunked {
            body = try readChunked()
        } else if let length {
            while buffer.count < length {
                guard try fill() else { throw SystemError("\(path) sent a short body", errno: EPROTO) }
            }
            body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        } else {
            while try fill() {}
            body = buffer
            buffer = []
            closeAfter = true
        }
        if closeAfter { close() }
        return PluginAnswer(status: status, body: body)
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            var lineEnd = find([13, 10], in: buffer)
            while lineEnd == nil {
                guard try fill() else { throw SystemError("\(path) ended a chunked body early", errno: EPROTO) }
                lineEnd = find([13, 10], in: buffer)
            }
            let sizeText = String(decoding: buffer[0..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: " "), radix: 16) else {
                throw SystemError("\(path) sent a bad chunk size", errno: EPROTO)
            }
            buffer.removeFirst(lineEnd! + 2)
            while buffer.count < size + 2 {
                guard try fill() else { throw SystemError("\(path) ended a chunk early", errno: EPROTO) }
            }
            if size == 0 {
                // Trailers are not used by plugins; skip to the blank line.
                buffer.removeFirst(2)
                return body
            }
            body += buffer[0..<size]
            buffer.removeFirst(size + 2)
        }
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = self[...]
        while let first = s.first, set.contains(first) { s = s.dropFirst() }
        while let last = s.last, set.contains(last) { s = s.dropLast() }
        return String(s)
    }
}
