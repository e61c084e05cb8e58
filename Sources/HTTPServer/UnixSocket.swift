// Thin wrappers over the Unix-socket calls the server needs.

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

import AdapterOS

// Swift's Glibc module does not export accept4 (a _GNU_SOURCE symbol). Accepting with
// SOCK_CLOEXEC atomically matters: the daemon posix_spawns CNI plugins from other threads,
// and accept + fcntl would leak a connection into a child spawned in between.
@_silgen_name("accept4")
private func c_accept4(_ fd: Int32, _ addr: UnsafeMutablePointer<sockaddr>?, _ len: UnsafeMutablePointer<socklen_t>?, _ flags: Int32) -> Int32

/// Socket helpers shared by the server (and mirrored by the tests' client).
enum UnixSocket {
    static let streamCloexec = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)

    /// Runs `body` with a `sockaddr_un` for `path`.
    /// - Throws: `ENAMETOOLONG` when the path does not fit `sun_path`.
    static func withAddress<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) throws -> T {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        // One byte stays zero: the kernel reads sun_path as a C string.
        guard !bytes.isEmpty, bytes.count < capacity else {
            throw SystemError("socket path \(path)", errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    /// Whether a server is accepting on `path` right now.
    static func isLive(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, streamCloexec, 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return (try? withAddress(path) { connect(fd, $0, $1) == 0 }) ?? false
    }

    /// Accepts one connection with close-on-exec set atomically.
    static func accept(_ listenFD: Int32) -> Int32 {
        c_accept4(listenFD, nil, nil, Int32(SOCK_CLOEXEC.rawValue))
    }

    /// Sends all of `bytes`; false on any error (peer gone, send timeout).
    static func sendAll(_ fd: Int32, _ bytes: [UInt8], flags: Int32 = 0) -> Bool {
        var offset = 0
        while offset < bytes.count {
            // MSG_NOSIGNAL: a peer that hung up gives EPIPE, not a process-killing SIGPIPE.
            let sent = bytes.withUnsafeBytes { buffer in
                try? syscall("send") { send(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, Int32(MSG_NOSIGNAL) | flags) }
            }
            guard let sent, sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Waits until `fd` is readable (data, EOF or error) or `deadline` passes.
    /// - Returns: false on timeout.
    static func waitReadable(_ fd: Int32, until deadline: Double) -> Bool {
        while true {
            let left = deadline - monotonicSeconds()
            if left <= 0 { return false }
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ms = Int32(min((left * 1000).rounded(.up), 3_600_000))
            let ready = poll(&entry, 1, ms)
            if ready > 0 { return true }
            // Timeouts loop back to re-check the deadline; EINTR simply retries.
            if ready < 0 && errno != EINTR { return true }
        }
    }

    /// Bounds how long a blocking send may wait for a peer that stopped reading.
    static func setSendTimeout(_ fd: Int32, seconds: Double) {
        var value = timeval()
        value.tv_sec = Int(seconds)
        value.tv_usec = Int((seconds - Double(Int(seconds))) * 1e6)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }
}
