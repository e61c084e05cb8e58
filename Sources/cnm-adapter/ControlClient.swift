// `cnm-adapter gc` and `cnm-adapter status`: ask the running daemon over its control socket.

import AdapterOS

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

enum ControlCommand {
    static let defaultSocket = "/run/cni-adapter/control.sock"

    /// `gc [--dry-run] [--control-socket PATH]`
    static func gc(_ arguments: [String]) throws -> Int32 {
        let args = try Arguments(arguments, valued: ["control-socket"], boolean: ["help", "dry-run"])
        if args.has("help") {
            printOut(Usage.gc)
            return 0
        }
        let target = args.has("dry-run") ? "/gc?dry-run=1" : "/gc"
        printOut(try request(args["control-socket"] ?? defaultSocket, target))
        return 0
    }

    /// `metrics [--control-socket PATH]`
    static func metrics(_ arguments: [String]) throws -> Int32 {
        let args = try Arguments(arguments, valued: ["control-socket"])
        if args.has("help") {
            printOut(Usage.metricsHelp)
            return 0
        }
        printOut(try request(args["control-socket"] ?? defaultSocket, "/metrics"))
        return 0
    }

    /// `status [--control-socket PATH]`
    static func status(_ arguments: [String]) throws -> Int32 {
        let args = try Arguments(arguments, valued: ["control-socket"])
        if args.has("help") {
            printOut(Usage.status)
            return 0
        }
        printOut(try request(args["control-socket"] ?? defaultSocket, "/status"))
        return 0
    }

    /// One HTTP/1.1 GET over a Unix socket; returns the body (the server closes after it).
    static func request(_ socketPath: String, _ target: String) throws -> String {
        let fd = try syscall("socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        guard path.count < MemoryLayout.size(ofValue: addr.sun_path) else { throw UsageError("socket path too long") }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, byte) in path.enumerated() { raw[i] = byte }
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if rc != 0 { throw SystemError.current("connect \(socketPath) (is cnm-adapter serve running?)") }
        try Files.writeAll(fd, Array("GET \(target) HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n".utf8), what: socketPath)
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = try chunk.withUnsafeMutableBytes { raw in try syscall("read \(socketPath)") { read(fd, raw.baseAddress, raw.count) } }
            if n == 0 { break }
            response += chunk[0..<n]
        }
        let text = String(decoding: response, as: UTF8.self)
        guard let split = text.firstRange(of: "\r\n\r\n") else { throw UsageError("malformed answer from \(socketPath)") }
        let statusLine = text[..<split.lowerBound].split(separator: "\r\n").first ?? ""
        let body = String(text[split.upperBound...])
        guard statusLine.contains(" 200 ") else { throw UsageError("\(statusLine): \(body)") }
        return body
    }
}
