// A raw Unix-socket HTTP client for the server tests: bytes in, parsed responses out.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

import AdapterOS

/// A response as the test client parsed it.
struct TestResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// One client connection; every wait is bounded so a server bug fails a test instead of hanging it.
final class TestClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(path: String) throws {
        // A local fd until connect succeeds: a throwing init that has set every stored
        // property still runs deinit, which would close the fd a second time.
        let socketFD = try syscall("socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if rc != 0 {
            let error = SystemError.current("connect \(path)")
            close(socketFD)
            throw error
        }
        fd = socketFD
    }

    deinit { close(fd) }

    /// Sends all bytes; MSG_NOSIGNAL so a closed server gives EPIPE, not SIGPIPE for the test runner.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = try bytes.withUnsafeBytes { buffer in
                try syscall("send") { Glibc.send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL)) }
            }
            offset += n
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Reads one response (head plus Content-Length body); nil when the server closed first.
    func readResponse(timeout: Double = 10) throws -> TestResponse? {
        let deadline = monotonicSeconds() + timeout
        while true {
            if let response = try takeResponse() { return response }
            guard try fill(until: deadline) else {
                if buffer.isEmpty { return nil }
                throw SystemError("connection closed inside a response", errno: EPROTO)
            }
        }
    }

    /// Sends a request and reads its response.
    func request(_ target: String, method: String = "POST", body: String = "", extraHeaders: String = "") throws -> TestResponse? {
        try send("\(method) \(target) HTTP/1.1\r\nHost: \r\n\(extraHeaders)Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        return try readResponse()
    }

    /// True when the server closes the connection (EOF or reset) within `timeout`,
    /// discarding anything it sends first.
    func waitClosed(timeout: Double = 10) throws -> Bool {
        let deadline = monotonicSeconds() + timeout
        while monotonicSeconds() < deadline {
            guard try fill(until: deadline) else { return true }
        }
        return false
    }

    /// Reads more bytes; false on EOF or reset.
    private func fill(until deadline: Double) throws -> Bool {
        while true {
            let left = deadline - monotonicSeconds()
            if left <= 0 { throw SystemError("test client read timed out", errno: ETIMEDOUT) }
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, Int32(left * 1000) + 1)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            buffer.append(contentsOf: chunk[0..<n])
            return true
        }
    }

    /// Parses and removes one complete response from the buffer, if present.
    private func takeResponse() throws -> TestResponse? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        guard buffer.count >= 4, let end = (0...(buffer.count - 4)).first(where: { buffer[$0..<$0 + 4].elementsEqual(terminator) }) else {
            return nil
        }
        let lines = String(decoding: buffer[0..<end], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw SystemError("bad status line \(lines[0])", errno: EPROTO)
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw SystemError("bad header \(line)", errno: EPROTO) }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingPrefix(" ").description))
        }
        guard let lengthText = headers.first(where: { $0.name.lowercased() == "content-length" })?.value, let length = Int(lengthText) else {
            throw SystemError("response without Content-Length", errno: EPROTO)
        }
        let bodyStart = end + 4
        guard buffer.count >= bodyStart + length else { return nil }
        let body = Array(buffer[bodyStart..<bodyStart + length])
        buffer.removeFirst(bodyStart + length)
        return TestResponse(status: status, headers: headers, body: body)
    }
}
